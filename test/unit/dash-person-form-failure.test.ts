import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FormNeeds } from '../../app/common/grant-form';
import { checksOnSave, fieldOfFailure } from '../../renderer/form-failure';

const password: FormNeeds = { username: true, password: true, clientSecret: 'none', interactive: false };
const clientCredentials: FormNeeds = { username: false, password: false, clientSecret: 'required', interactive: false };
const browser: FormNeeds = { username: false, password: false, clientSecret: 'optional', interactive: true };
const shown = ['name', 'url', 'username', 'password', 'clientSecret', 'caFile', 'apiVersion'];

test('a failure goes beside the field the person fixes', () => {
  assert.equal(fieldOfFailure({ kind: 'usage', field: 'name' }, password, shown, true), 'name');
  assert.equal(fieldOfFailure({ kind: 'unexpected', field: 'apiVersion' }, password, shown, true), 'apiVersion');
  assert.equal(fieldOfFailure({ kind: 'credentials', field: undefined }, password, shown, true), 'password');
  assert.equal(
    fieldOfFailure({ kind: 'credentials', field: undefined }, clientCredentials, shown, false),
    'clientSecret',
  );
  assert.equal(fieldOfFailure({ kind: 'unreachable', field: undefined }, password, shown, true), 'url');
});

test('what no field stands for goes in the note', () => {
  assert.equal(fieldOfFailure({ kind: 'unreachable', field: undefined }, clientCredentials, shown, false), undefined);
  assert.equal(fieldOfFailure({ kind: 'unexpected', field: undefined }, password, shown, true), undefined);
  assert.equal(fieldOfFailure({ kind: 'usage', field: 'tokenUrl' }, password, shown, true), undefined);
  const noSecret: FormNeeds = { ...browser, clientSecret: 'none' };
  assert.equal(fieldOfFailure({ kind: 'credentials', field: undefined }, noSecret, shown, false), undefined);
});

test('Save checks a new account first, unless a person must sign in; an edit is saved as typed', () => {
  assert.equal(checksOnSave(false, password), true);
  assert.equal(checksOnSave(false, clientCredentials), true);
  assert.equal(checksOnSave(false, browser), false);
  assert.equal(checksOnSave(true, password), false);
});
