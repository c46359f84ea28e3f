import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseGrant } from '../../app/cli/commands/account-options';

test('without --grant the grant a user expects is chosen', () => {
  assert.equal(chooseGrant({ username: 'alice' }, false), 'password');
  assert.equal(chooseGrant({ username: 'alice' }, true), 'password');
  assert.equal(chooseGrant({}, true), 'client_credentials');
  assert.equal(chooseGrant({}, false), 'authorization_code');
  assert.equal(chooseGrant({ 'no-browser': true }, false), 'device_code');
  assert.equal(chooseGrant({ grant: 'device_code', username: 'alice' }, true), 'device_code');
});
