import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { WalletError } from '../../app/errors';
import { RenewalScheduler, type SchedulerEvent } from '../../app/scheduler/renewal-scheduler';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { Wallet } from '../../app/wallet';
import { FakeClock } from '../helpers/fake-clock';
import { scriptedHttp } from '../helpers/scripted-http';

const password = 'pa55-w0rd';
const home = (): string => mkdtempSync(path.join(os.tmpdir(), 'tw-logout-'));

function vssWallet(dir = home()) {
  const http = scriptedHttp((_request, index) => ({
    status: 200,
    body: { duration: 3600, token: `t${index}`, user: 'alice' },
  }));
  const wallet = new Wallet({ home: dir, secrets: new MemorySecretStore(), http: http.transport });
  return { wallet, http };
}

test('a logout is remembered in the state file: the scheduler is refused, a token request logs in again', async () => {
  const dir = home();
  const { wallet, http } = vssWallet(dir);
  await wallet.add({ name: 'vss', provider: 'vss', url: 'https://vss.example:8001', username: 'alice' }, password);
  await wallet.freshToken('vss');
  await wallet.logout('vss');
  assert.equal((await wallet.get('vss')).status, 'logged-out');
  const [account] = await wallet.accounts();
  assert.ok(account);
  const scheduled = await wallet.renewById(account.id);
  assert.equal(scheduled.ok, false);
  assert.equal(!scheduled.ok && scheduled.loggedOut, true, 'the scheduler hears "logged out", not a failure');
  assert.equal(http.requests.length, 1, 'no login for the scheduler');
  // Another wallet on the same home (a restarted agent) sees the logout too.
  const again = new Wallet({ home: dir, secrets: new MemorySecretStore() });
  assert.equal((await again.get('vss')).status, 'logged-out');
  await wallet.freshToken('vss');
  assert.equal(http.requests.length, 2);
  assert.equal((await wallet.get('vss')).status, 'fresh');
});

test('the scheduler skips a logged-out account; a renewal answered "logged out" is no failure', async () => {
  const clock = new FakeClock();
  const events: SchedulerEvent[] = [];
  let calls = 0;
  const scheduler = new RenewalScheduler({
    clock,
    random: () => 0.5,
    renew: async () => {
      calls += 1;
      return { ok: false, error: new WalletError('usage', 'logged out'), tokenStillValidUntil: null, loggedOut: true };
    },
  });
  scheduler.onEvent((event) => events.push(event));
  scheduler.track('a', { issuedAt: null, expiresAt: null, loggedOut: true });
  assert.equal(scheduler.entry('a')?.state, 'logged-out');
  assert.equal(scheduler.armedTimers, 0);
  scheduler.track('b', { issuedAt: null, expiresAt: null });
  await clock.advance(1000);
  assert.equal(calls, 1);
  assert.equal(scheduler.entry('b')?.state, 'logged-out');
  assert.deepEqual(
    events.map((event) => event.type),
    ['renewal-started'],
    'no failure, no attention',
  );
  scheduler.stop();
});

test('a new issuer, like a new URL, needs the client secret again', async () => {
  const { wallet } = vssWallet();
  await wallet.add(
    {
      name: 'idp',
      provider: 'oidc',
      url: 'https://idp.example',
      username: 'alice',
      options: { issuer: 'https://idp.example', clientId: 'c' },
    },
    password,
  );
  await assert.rejects(
    wallet.update('idp', { options: { issuer: 'https://evil.example', clientId: 'c' } }),
    /changing the issuer would send the stored password to a new place/,
  );
  await assert.rejects(
    wallet.update('idp', {
      options: { issuer: 'https://idp.example', clientId: 'c', grant: 'client_credentials' },
      url: 'https://evil.example',
    }),
    /stored client secret/,
  );
  assert.equal(
    (await wallet.update('idp', { options: { issuer: 'https://idp.example', clientId: 'other' } })).options.clientId,
    'other',
    'other changes need no password',
  );
  assert.equal(
    (await wallet.update('idp', { options: { issuer: 'https://new.example', clientId: 'c' } }, 'again')).options.issuer,
    'https://new.example',
  );
});

test("the app's log-out-on-quit is not the user's logout: the next start may log in", async () => {
  const { wallet } = vssWallet();
  await wallet.add({ name: 'vss', provider: 'vss', url: 'https://vss.example:8001', username: 'alice' }, password);
  await wallet.freshToken('vss');
  await wallet.logout('vss', { remember: false });
  assert.equal((await wallet.get('vss')).status, 'none');
});
