import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { WalletError } from '../../app/errors';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { Wallet } from '../../app/wallet';
import { scriptedHttp, type Reply } from '../helpers/scripted-http';

const password = 'pa55-w0rd-never-on-disk';

function tempHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tw-unit-'));
}

function vssWallet(
  handler: (index: number) => Reply | Promise<Reply>,
  options: { home?: string; secrets?: MemorySecretStore; now?: () => number } = {},
) {
  const now = options.now ?? Date.now;
  const http = scriptedHttp((_request, index) => handler(index), now);
  const secrets = options.secrets ?? new MemorySecretStore();
  const wallet = new Wallet({ home: options.home ?? tempHome(), secrets, http: http.transport, now });
  return { wallet, http, secrets };
}

const vssToken = (token: string, duration = 86_400): Reply => ({
  status: 200,
  body: { duration, token, user: 'alice' },
});

async function addVss(wallet: Wallet, name = 'vss'): Promise<void> {
  await wallet.add({ name, provider: 'vss', url: 'https://vss.example:8001', username: 'alice' }, password);
}

test('the password goes to the keychain only, never to the config file', async () => {
  const { wallet, secrets } = vssWallet(() => vssToken('t1'));
  await addVss(wallet);
  const config = readFileSync(path.join(wallet.home, 'config.json'), 'utf8');
  assert.ok(!config.includes(password));
  const [account] = await wallet.accounts();
  assert.ok(account);
  const walletId = JSON.parse(config).walletId as string;
  assert.equal(await secrets.get(`token-wallet:${walletId}`, `${account.id}:password`), password);
});

test('a fresh token is cached: one login serves many calls, and tokens never reach the state files', async () => {
  const { wallet, http } = vssWallet(() => vssToken('tok-1'));
  await addVss(wallet);
  assert.equal((await wallet.freshToken('vss')).token, 'tok-1');
  assert.equal((await wallet.freshToken('vss')).token, 'tok-1');
  assert.equal(http.requests.length, 1);
  const [account] = await wallet.accounts();
  const state = readFileSync(path.join(wallet.home, 'state', `${account?.id}.json`), 'utf8');
  assert.match(state, /expiresAt/);
  assert.ok(!state.includes('tok-1'));
  assert.equal((await wallet.get('vss')).status, 'fresh');
});

test('concurrent callers share one renewal', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const { wallet, http } = vssWallet(async () => {
    await gate;
    return vssToken('shared');
  });
  await addVss(wallet);
  const calls = Array.from({ length: 10 }, () => wallet.freshToken('vss'));
  setTimeout(release, 20);
  const tokens = await Promise.all(calls);
  assert.deepEqual(new Set(tokens.map((fresh) => fresh.token)), new Set(['shared']));
  assert.equal(http.requests.length, 1);
});

test('a failed renewal keeps the token that is still valid', async () => {
  const { wallet } = vssWallet((index) =>
    index === 0 ? vssToken('good') : { status: 503, body: { message: 'maintenance' } },
  );
  await addVss(wallet);
  await wallet.freshToken('vss');
  await assert.rejects(
    wallet.renew('vss'),
    (error: unknown) => error instanceof WalletError && error.kind === 'unexpected' && /503/.test(error.message),
  );
  assert.equal((await wallet.freshToken('vss')).token, 'good');
  const view = await wallet.get('vss');
  assert.equal(view.status, 'fresh');
  assert.match(view.lastError?.message ?? '', /maintenance/);
});

test('rejected credentials mark the account as needing attention, naming account and server', async () => {
  const { wallet } = vssWallet(() => ({
    status: 401,
    body: { error: 'authentication error', message: 'Invalid username and password combination.', status: 401 },
  }));
  await addVss(wallet);
  await assert.rejects(wallet.freshToken('vss'), (error: unknown) => {
    assert.ok(error instanceof WalletError);
    assert.equal(error.kind, 'credentials');
    assert.equal(error.exitCode, 3);
    assert.equal(error.details.account, 'vss');
    assert.equal(error.details.server, 'https://vss.example:8001');
    assert.match(error.message, /invalid username and password/);
    return true;
  });
  assert.equal((await wallet.get('vss')).status, 'attention');
});

test('VSS tells an unauthorized user apart from a wrong password', async () => {
  const { wallet } = vssWallet(() => ({
    status: 401,
    body: { error: 'authentication error', message: 'User is not authorized to access.', status: 401 },
  }));
  await addVss(wallet);
  await assert.rejects(wallet.freshToken('vss'), /not authorized to access the API/);
});

test('an exhausted rate-limit window stops further token requests until its reset', async () => {
  let now = 1_700_000_000_000;
  const reset = Math.floor(now / 1000) + 60;
  const { wallet, http } = vssWallet(
    () => ({
      status: 200,
      headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) },
      body: { duration: 100, token: 't', user: 'alice' },
    }),
    { now: () => now },
  );
  await addVss(wallet);
  await wallet.freshToken('vss');
  now += 10_000;
  await assert.rejects(
    wallet.renew('vss'),
    (error: unknown) =>
      error instanceof WalletError && error.details.rateLimited === true && error.details.retryAt === reset * 1000,
  );
  assert.equal(http.requests.length, 1, 'no request was sent while throttled');
  now = reset * 1000 + 1;
  await wallet.renew('vss');
  assert.equal(http.requests.length, 2);
});

test('a refresh token that is refused falls back to a full login (Sensu)', async () => {
  const expires = () => Math.floor(Date.now() / 1000) + 900;
  const http = scriptedHttp((request) => {
    if (request.url.pathname === '/auth')
      return { status: 200, body: { access_token: `a-${Math.random()}`, refresh_token: 'r1', expires_at: expires() } };
    return { status: 401, body: { message: 'refresh token invalid' } };
  });
  const wallet = new Wallet({ home: tempHome(), secrets: new MemorySecretStore(), http: http.transport });
  await wallet.add({ name: 's', provider: 'sensu', url: 'http://127.0.0.1:9', username: 'admin' }, password);
  await wallet.freshToken('s');
  await wallet.renew('s');
  assert.deepEqual(
    http.requests.map((request) => `${request.method} ${request.url.pathname}`),
    ['GET /auth', 'POST /auth/token', 'GET /auth'],
  );
  const refresh = http.requests[1];
  assert.match(refresh?.headers?.Authorization ?? '', /^Bearer a-/);
  assert.deepEqual(JSON.parse(refresh?.body ?? '{}'), { refresh_token: 'r1' });
});

test('remove deletes the account and all of its keychain items', async () => {
  const { wallet, secrets } = vssWallet(() => vssToken('t'));
  await addVss(wallet);
  await wallet.freshToken('vss');
  const walletId = JSON.parse(readFileSync(path.join(wallet.home, 'config.json'), 'utf8')).walletId as string;
  assert.equal((await secrets.list(`token-wallet:${walletId}`)).length, 2);
  await wallet.remove('vss');
  assert.deepEqual(await secrets.list(`token-wallet:${walletId}`), []);
  assert.deepEqual(await wallet.list(), []);
  await assert.rejects(wallet.freshToken('vss'), /no account named "vss"/);
});

test('duplicate names are refused and nothing is lost', async () => {
  const { wallet } = vssWallet(() => vssToken('t'));
  await addVss(wallet);
  await assert.rejects(
    addVss(wallet),
    (error: unknown) => error instanceof WalletError && error.kind === 'usage' && /already exists/.test(error.message),
  );
  assert.equal((await wallet.list()).length, 1);
});

test('a corrupt config is named in the error and never overwritten', async () => {
  const home = tempHome();
  const file = path.join(home, 'config.json');
  writeFileSync(file, '{ "version": 1, "accounts": [ oops');
  const { wallet } = vssWallet(() => vssToken('t'), { home });
  await assert.rejects(
    wallet.list(),
    (error: unknown) => error instanceof WalletError && error.kind === 'config' && error.message.includes(file),
  );
  await assert.rejects(addVss(wallet), /not valid JSON/);
  assert.equal(readFileSync(file, 'utf8'), '{ "version": 1, "accounts": [ oops');
});

test('two homes use different keychain services, so they never see each other', async () => {
  const secrets = new MemorySecretStore();
  const first = vssWallet(() => vssToken('one'), { secrets });
  const second = vssWallet(() => vssToken('two'), { secrets });
  await addVss(first.wallet, 'same');
  await addVss(second.wallet, 'same');
  const ids = [first.wallet.home, second.wallet.home].map(
    (home) => JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')).walletId,
  );
  assert.notEqual(ids[0], ids[1]);
  assert.equal((await first.wallet.freshToken('same')).token, 'one');
  assert.equal((await second.wallet.freshToken('same')).token, 'two');
});

test('an edited password keeps the still-valid token and is used at the next login', async () => {
  const { wallet, http } = vssWallet(() => vssToken(`t${Math.random()}`));
  await addVss(wallet);
  const before = await wallet.freshToken('vss');
  await wallet.update('vss', {}, 'new-password');
  assert.equal((await wallet.freshToken('vss')).token, before.token);
  await wallet.renew('vss');
  const after = await wallet.freshToken('vss');
  assert.notEqual(after.token, before.token);
  const lastAuth = http.requests.at(-1)?.headers?.Authorization ?? '';
  assert.equal(Buffer.from(lastAuth.replace('Basic ', ''), 'base64').toString(), 'alice:new-password');
});

test('renew always renews, even right after another renewal', async () => {
  const { wallet, http } = vssWallet(() => vssToken(`t${Math.random()}`));
  await addVss(wallet);
  for (let index = 0; index < 20; index += 1) await wallet.renew('vss');
  assert.equal(http.requests.length, 20);
});

/** A secret store whose writes take a while, to observe what waits for them. */
class SlowSecretStore extends MemorySecretStore {
  writes: string[] = [];
  override async set(service: string, account: string, secret: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 30));
    this.writes.push(account);
    await super.set(service, account, secret);
  }
}

test('the agent (exclusive) stores a rotated refresh token before handing out the access token', async () => {
  const secrets = new SlowSecretStore();
  const http = scriptedHttp(() => ({
    status: 200,
    body: {
      access_token: `a${Math.random()}`,
      refresh_token: `r${Math.random()}`,
      expires_at: Math.floor(Date.now() / 1000) + 900,
    },
  }));
  const wallet = new Wallet({ home: tempHome(), secrets, http: http.transport, exclusive: true });
  await wallet.add({ name: 's', provider: 'sensu', url: 'http://127.0.0.1:9', username: 'admin' }, password);
  await wallet.freshToken('s');
  assert.ok(
    secrets.writes.some((account) => account.endsWith(':session')),
    'the session with its refresh token was written before freshToken returned',
  );
});

test('the agent writes access-only sessions behind, and removal still leaves no item behind', async () => {
  const secrets = new SlowSecretStore();
  const { wallet } = vssWallet(() => vssToken('t'), { secrets });
  const exclusive = new Wallet({
    home: wallet.home,
    secrets,
    http: scriptedHttp(() => vssToken('t2')).transport,
    exclusive: true,
  });
  await addVss(exclusive);
  await exclusive.freshToken('vss');
  assert.ok(
    !secrets.writes.some((account) => account.endsWith(':session')),
    'handed out before the keychain write finished',
  );
  await exclusive.remove('vss');
  const walletId = JSON.parse(readFileSync(path.join(wallet.home, 'config.json'), 'utf8')).walletId as string;
  assert.deepEqual(await secrets.list(`token-wallet:${walletId}`), []);
});

test('the agent’s list shows renewals whose state files are still being written', async () => {
  const { wallet } = vssWallet(() => vssToken('t'));
  const exclusive = new Wallet({
    home: wallet.home,
    secrets: new MemorySecretStore(),
    http: scriptedHttp(() => vssToken('t2')).transport,
    exclusive: true,
  });
  await addVss(exclusive);
  await exclusive.freshToken('vss');
  const [listed] = await exclusive.list();
  assert.equal(listed?.status, 'fresh', 'list reads the write-behind state, not only the files');
  await exclusive.store.flushStates();
  const [onDisk] = await wallet.list();
  assert.equal(onDisk?.status, 'fresh', 'and the files catch up');
});
