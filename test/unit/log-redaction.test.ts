import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import fc from 'fast-check';
import { logFile, openLogger } from '../../app/log/logger';
import { redactText, redactValue, registerSecret } from '../../app/log/redact';

/** Every shape a secret of ours takes: the five APIs, OAuth2/OIDC, headers, forms, URLs. */
const secretShapes: Array<[string, string, string]> = [
  [
    'JWT (Sensu, OIDC access and ID tokens)',
    'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqZG9lIn0.c2lnbmF0dXJl here',
    'eyJhbGciOiJSUzI1NiJ9',
  ],
  ['Bearer header', 'Authorization: Bearer abc.DEF-123_ghi~', 'abc.DEF-123_ghi'],
  ['Basic header', 'Authorization: Basic amRvZTpodW50ZXIy', 'amRvZTpodW50ZXIy'],
  ['form password', 'grant_type=password&username=jdoe&password=hunter2pass&client_id=vyopta', 'hunter2pass'],
  ['form refresh token', 'grant_type=refresh_token&refresh_token=rt-9f8e7d6c5b4a', 'rt-9f8e7d6c5b4a'],
  ['form client secret', 'client_id=app&client_secret=s3cr3t-value', 's3cr3t-value'],
  ['JSON access token', '{"access_token":"vao-access-77","token_type":"bearer"}', 'vao-access-77'],
  ['JSON refresh token', '{"refresh_token": "vao-refresh-88"}', 'vao-refresh-88'],
  ['JSON password', '{"auth":{"user":"jdoe","password":"p@ss\\"word"}}', 'p@ss'],
  ['X-Auth-Token header', 'X-Auth-Token: gAAAAABkeystone123', 'gAAAAABkeystone123'],
  ['VSS opaque token', 'got 3f9c2a7b1d4e8f60a5b2c7d9e1f3a4b6c8d0e2f4 back', '3f9c2a7b1d4e8f60a5b2c7d9e1f3a4b6c8d0e2f4'],
  [
    'Ribbon base64 token',
    'token YWRtaW4gYThmM2UyYjFkMGM5ZThmN2E2YjVjNGQzZTJmMQ== issued',
    'YWRtaW4gYThmM2UyYjFkMGM5ZThmN2E2YjVjNGQzZTJmMQ',
  ],
  ['credentials in a URL', 'fetching https://jdoe:hunter2@api.example.com/x', 'hunter2'],
  ['dashboard link secret', 'open http://127.0.0.1:41234/#k9Fj2LmQp8Rt', 'k9Fj2LmQp8Rt'],
  [
    'authorization code',
    'http://127.0.0.1:5555/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj',
    'SplxlOBeZQQYbYS6WxSbIA',
  ],
  ['cookie', 'Cookie: tw_session=abcdef123456', 'abcdef123456'],
  ['passphrase', 'passphrase=correct-horse-battery', 'correct-horse-battery'],
];

for (const [label, text, secret] of secretShapes) {
  test(`redaction removes a ${label}`, () => {
    const result = redactText(text);
    assert.ok(!result.includes(secret), `${label}: ${result}`);
    assert.match(result, /\[redacted\]/);
  });
}

test('redaction keeps what a person needs to read', () => {
  const text =
    'account "vss" (https://vss-api.eis.utoronto.ca:8001): invalid username and password (HTTP 401), id ' +
    '2b1f4e0a-8c3d-4f5e-9a6b-7c8d9e0f1a2b';
  assert.equal(redactText(text), text);
});

test('a registered secret of any shape is never in the output', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 6, maxLength: 80 }), fc.string(), fc.string(), (secret, before, after) => {
      registerSecret(secret);
      return !redactText(`${before}${secret}${after}`).includes(secret);
    }),
    { numRuns: 2_000 },
  );
});

test('fields named like secrets are dropped whole, nested and in errors', () => {
  const record = redactValue({
    account: 'vss',
    password: 'x',
    nested: { accessToken: 'y', tokenType: 'Bearer' },
    err: new Error('Bearer zzzzzzzz failed'),
  }) as Record<string, unknown>;
  assert.equal(record.password, '[redacted]');
  assert.deepEqual(record.nested, { accessToken: '[redacted]', tokenType: 'Bearer' });
  assert.deepEqual(record.err, { type: 'Error', message: 'Bearer [redacted] failed' });
});

test('the log file is owner-only JSON lines without secrets; --verbose copies it to stderr', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-log-'));
  const stderr = new PassThrough();
  let echoed = '';
  stderr.on('data', (chunk: Buffer) => (echoed += chunk.toString()));
  const logger = openLogger({ home, verbose: stderr });
  logger.warn({ account: 'vss', body: '{"access_token":"leaky-token-1"}' }, 'renewal failed: Bearer leaky-token-2');
  logger.debug({ account: 'vss' }, 'debug only on the terminal');
  logger.flush();
  const text = readFileSync(logFile(home), 'utf8');
  const record = JSON.parse(text.trim().split('\n')[0] ?? '{}') as { level: number; account: string; msg: string };
  assert.equal(record.account, 'vss');
  assert.equal(record.level, 40);
  assert.ok(!text.includes('leaky-token'), text);
  assert.ok(!text.includes('debug only'), 'the file keeps info and up');
  assert.match(echoed, /debug only on the terminal/);
  assert.ok(!echoed.includes('leaky-token'));
  assert.equal(statSync(logFile(home)).mode & 0o777, 0o600);
});

test('a large log is rotated when it is opened', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-log-'));
  openLogger({ home }).info({}, 'first');
  writeFileSync(logFile(home), 'x'.repeat(2048));
  openLogger({ home, maxBytes: 1024 }).info({}, 'after rotation');
  assert.equal(readFileSync(`${logFile(home)}.1`, 'utf8').length, 2048);
  assert.match(readFileSync(logFile(home), 'utf8'), /after rotation/);
});

test('at scale, the secrets accounts hold now stay redacted however many tokens pass through', () => {
  // 12,000 accounts, each a password and a session, renewed twice: 60,000 registrations.
  const accounts = 12_000;
  const passwordOf = (index: number): string => `pw-${index}-Zq8xLm`;
  for (let round = 0; round < 2; round += 1) {
    for (let index = 0; index < accounts; index += 1) {
      registerSecret(passwordOf(index), { accountId: `a${index}`, kind: 'password' });
      registerSecret(`access-${round}-${index}-Zq8xLm`, { accountId: `a${index}`, kind: 'access' });
      registerSecret(`refresh-${round}-${index}-Zq8xLm`, { accountId: `a${index}`, kind: 'refresh' });
    }
  }
  // The first account's password and current tokens: registered first, still in use.
  const line = `login as ${passwordOf(0)} with access-1-0-Zq8xLm and refresh-1-0-Zq8xLm`;
  assert.equal(redactText(line), 'login as [redacted] with [redacted] and [redacted]');
  // A token just replaced may still be valid until it expires: it stays redacted too.
  assert.equal(redactText('old access-0-11999-Zq8xLm'), 'old [redacted]');
  // The 10,000 most recently replaced are kept, the oldest go first: the first one replaced is gone.
  assert.equal(redactText('old access-0-0-Zq8xLm'), 'old access-0-0-Zq8xLm');
});
