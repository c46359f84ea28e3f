import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { validateAccountInput, validateUrl } from '../../app/account-input';
import { WalletError } from '../../app/errors';

function rejects(run: () => unknown, pattern: RegExp, field?: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof WalletError, 'a WalletError');
    assert.equal(error.kind, 'usage');
    assert.match(error.message, pattern);
    if (field !== undefined) assert.equal(error.details.field, field);
    return true;
  });
}

test('a valid VSS account is normalised', () => {
  const account = validateAccountInput({
    name: 'vss-prod',
    provider: 'vss',
    url: 'https://vss.example:8001/',
    username: ' alice ',
  });
  assert.deepEqual(account, {
    name: 'vss-prod',
    provider: 'vss',
    url: 'https://vss.example:8001',
    username: 'alice',
    options: {},
  });
});

test('names, providers and URLs are checked with one clear message each', () => {
  rejects(
    () => validateAccountInput({ name: '-bad', provider: 'vss', url: 'https://h', username: 'u' }),
    /invalid account name/,
    'name',
  );
  rejects(
    () => validateAccountInput({ name: 'a b', provider: 'vss', url: 'https://h', username: 'u' }),
    /invalid account name/,
    'name',
  );
  rejects(
    () => validateAccountInput({ name: 'ok', provider: 'nope', url: 'https://h', username: 'u' }),
    /unknown provider "nope"/,
    'provider',
  );
  rejects(
    () => validateAccountInput({ name: 'ok', provider: 'vss', url: 'ftp://h', username: 'u' }),
    /must start with https/,
    'url',
  );
  rejects(
    () => validateAccountInput({ name: 'ok', provider: 'vss', url: 'not a url', username: 'u' }),
    /malformed url/,
    'url',
  );
  rejects(
    () => validateAccountInput({ name: 'ok', provider: 'vss', url: 'https://u:p@h', username: 'u' }),
    /credentials/,
    'url',
  );
  rejects(
    () => validateAccountInput({ name: 'ok', provider: 'vss', url: 'https://h', username: '' }),
    /missing username/,
    'username',
  );
});

test('plain http is refused for remote hosts unless allowed, and fine on loopback', () => {
  rejects(() => validateUrl('http://sbc.example', 'url', false), /--allow-http/);
  assert.equal(validateUrl('http://sbc.example', 'url', true), 'http://sbc.example');
  assert.equal(validateUrl('http://127.0.0.1:8080', 'url', false), 'http://127.0.0.1:8080');
  assert.equal(validateUrl('http://[::1]:8080', 'url', false), 'http://[::1]:8080');
});

test('provider options are checked against the provider', () => {
  rejects(
    () =>
      validateAccountInput({
        name: 'ok',
        provider: 'vss',
        url: 'https://h',
        username: 'u',
        options: { apiVersion: 'v1.2' },
      }),
    /takes no apiVersion/,
  );
  rejects(
    () =>
      validateAccountInput({
        name: 'ok',
        provider: 'ribbon-sbc',
        url: 'https://h',
        username: 'u',
        options: { apiVersion: '1.2' },
      }),
    /invalid API version/,
  );
  rejects(
    () => validateAccountInput({ name: 'ok', provider: 'oauth2', url: 'https://h', username: 'u' }),
    /needs --token-url/,
    'tokenUrl',
  );
  rejects(
    () => validateAccountInput({ name: 'ok', provider: 'oidc', url: 'https://h', username: 'u' }),
    /--issuer or --token-url/,
  );
  rejects(
    () =>
      validateAccountInput({
        name: 'ok',
        provider: 'oauth2',
        url: 'https://h',
        options: { tokenUrl: 'https://h/t', grant: 'client_credentials' },
      }),
    /needs --client-id/,
  );
  rejects(
    () =>
      validateAccountInput({
        name: 'ok',
        provider: 'oauth2',
        url: 'https://h',
        username: 'u',
        options: { tokenUrl: 'https://h/t', grant: 'implicit' as never },
      }),
    /invalid grant/,
  );
  const service = validateAccountInput({
    name: 'svc',
    provider: 'oauth2',
    url: 'https://h',
    options: { tokenUrl: 'https://h/t', grant: 'client_credentials', clientId: 'c1' },
  });
  assert.equal(service.username, '', 'client credentials need no user name');
});

test('a CA file must exist and hold a PEM certificate', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tw-ca-'));
  const notPem = path.join(dir, 'x.txt');
  writeFileSync(notPem, 'hello');
  rejects(
    () => validateAccountInput({ name: 'ok', provider: 'vss', url: 'https://h', username: 'u', caFile: notPem }),
    /holds no PEM/,
    'caFile',
  );
  rejects(
    () =>
      validateAccountInput({
        name: 'ok',
        provider: 'vss',
        url: 'https://h',
        username: 'u',
        caFile: path.join(dir, 'missing.pem'),
      }),
    /ENOENT/,
    'caFile',
  );
  const pem = path.join(dir, 'ca.pem');
  writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  assert.equal(
    validateAccountInput({ name: 'ok', provider: 'vss', url: 'https://h', username: 'u', caFile: pem }).caFile,
    pem,
  );
});
