import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { validateRequest } from '../../app/contract-validation';
import { resolveAccountName } from '../../app/outputs/account-context';
import { parseDuration } from '../../app/outputs/duration';
import { nextCheckDelayMs } from '../../app/outputs/exec-runner';
import { credentialAnswer, parseCredentialInput } from '../../app/outputs/git-credential';
import { execCredential, kubeConfig } from '../../app/outputs/kube';

test('durations: 90s, 10m, 1h, 1h30m, bare seconds; anything else is a usage error', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('10m'), 600_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('45'), 45_000);
  for (const bad of ['', 'soon', '10 m', '-5s', '1y', '10m!']) assert.throws(() => parseDuration(bad), /duration/);
  assert.throws(() => parseDuration('400d'), /longer than a year/);
});

test('freshToken over a transport takes an optional whole, bounded minimum validity', () => {
  assert.deepEqual(validateRequest('freshToken', ['a']).params, ['a']);
  assert.deepEqual(validateRequest('freshToken', ['a', 60_000]).params, ['a', 60_000]);
  for (const bad of [-1, 1.5, '60000', 400 * 86_400_000, null])
    assert.throws(() => validateRequest('freshToken', ['a', bad]), /minimum validity/);
  assert.throws(() => validateRequest('freshToken', ['a', 1, 2]), /freshToken takes/);
});

test('account by context: given, TOKEN_WALLET_ACCOUNT, .token-wallet upward, the only one, or candidates', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tw-context-'));
  const deep = path.join(root, 'a', 'b');
  mkdirSync(deep, { recursive: true });
  const none = async (): Promise<string[]> => ['x', 'y'];
  assert.equal(await resolveAccountName('given', { TOKEN_WALLET_ACCOUNT: 'env' }, deep, none, 'token'), 'given');
  assert.equal(await resolveAccountName(undefined, { TOKEN_WALLET_ACCOUNT: 'env' }, deep, none, 'token'), 'env');
  await assert.rejects(resolveAccountName(undefined, {}, deep, none, 'token'), /accounts: x, y/);
  writeFileSync(path.join(root, 'a', '.token-wallet'), 'from-file\n');
  assert.equal(await resolveAccountName(undefined, {}, deep, none, 'token'), 'from-file');
  assert.equal(await resolveAccountName(undefined, {}, os.tmpdir(), async () => ['solo'], 'token'), 'solo');
});

test('ExecCredential v1 by default, v1beta1 when asked; RFC 3339 expiry without milliseconds', () => {
  const fresh = { token: 'T', expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5, 678) };
  assert.deepEqual(JSON.parse(execCredential(fresh, undefined)), {
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token: 'T', expirationTimestamp: '2030-01-02T03:04:05Z' },
  });
  const beta = JSON.parse(execCredential(fresh, '{"apiVersion":"client.authentication.k8s.io/v1beta1"}')) as {
    apiVersion: string;
  };
  assert.equal(beta.apiVersion, 'client.authentication.k8s.io/v1beta1');
  assert.equal(
    (JSON.parse(execCredential(fresh, 'not json')) as { apiVersion: string }).apiVersion,
    'client.authentication.k8s.io/v1',
  );
});

test('kubeconfig: quoted values, no token, https only', () => {
  const text = kubeConfig({
    account: 'k"8s',
    server: 'https://h:6443',
    context: 'c',
    command: '/usr/bin/token-wallet',
    commandArgs: [],
    env: {},
  });
  assert.match(text, /- "k\\"8s"/);
  assert.match(text, /interactiveMode: Never/);
  assert.throws(
    () => kubeConfig({ account: 'a', server: 'http://h', context: 'c', command: '/x', commandArgs: [], env: {} }),
    /https/,
  );
});

test('git credential protocol: parse up to the blank line; answers carry no line breaks', () => {
  const fields = parseCredentialInput('protocol=https\nhost=h\npassword=a=b\n\nignored=1\n');
  assert.deepEqual(
    [...fields],
    [
      ['protocol', 'https'],
      ['host', 'h'],
      ['password', 'a=b'],
    ],
  );
  assert.equal(
    credentialAnswer('u\nx', { token: 'T', expiresAt: 1_700_000_000_999 }),
    'username=ux\npassword=T\npassword_expiry_utc=1700000000\n',
  );
});

test('the token file is looked at every third of the time left, within 200 ms and 60 s', () => {
  assert.equal(nextCheckDelayMs(3000, 0), 1000);
  assert.equal(nextCheckDelayMs(100, 0), 200);
  assert.equal(nextCheckDelayMs(3_600_000, 0), 60_000);
});
