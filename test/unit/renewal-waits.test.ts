// At 10,000 accounts a renewal's own bookkeeping is most of the agent's CPU beside the HTTP exchange:
// every promise it waits on is an allocation, a microtask and a resumed frame. The agent holds the
// config, the state, the password and the keychain's service name in memory, so a scheduled renewal
// waits for its server and for little else.
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { AccountRecord } from '../../app/model';
import { RenewalService } from '../../app/renewal-service';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { Wallet } from '../../app/wallet';
import { FakeClock } from '../helpers/fake-clock';
import { scriptedHttp } from '../helpers/scripted-http';

const password = 'pa55-w0rd-never-on-disk';

async function agentWallet(count: number) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-waits-'));
  const secrets = new MemorySecretStore();
  const walletId = randomUUID();
  const accounts: AccountRecord[] = Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    name: `acct-${index}`,
    provider: 'vss',
    url: 'https://vss.example:8001',
    username: 'alice',
    options: {},
    createdAt: new Date().toISOString(),
  }));
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, walletId, accounts }));
  for (const account of accounts) await secrets.set(`token-wallet:${walletId}`, `${account.id}:password`, password);
  const clock = new FakeClock(Date.now());
  let issued = 0;
  const http = scriptedHttp(() => {
    issued += 1;
    return { status: 200, body: { duration: 3600, token: `tok-${issued}-${'x'.repeat(40)}`, user: 'alice' } };
  }, clock.now.bind(clock));
  const wallet = new Wallet({ home, secrets, exclusive: true, http: http.transport, now: () => clock.now() });
  const service = new RenewalService(wallet, { clock, random: () => 0.5 });
  return { wallet, service, accounts, http };
}

/** Promises created while `work` runs, however deep (the transport's scripted answer included). */
async function promisesCreatedBy(work: () => Promise<void>): Promise<number> {
  let created = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'PROMISE') created += 1;
    },
  });
  hook.enable();
  try {
    await work();
  } finally {
    hook.disable();
  }
  return created;
}

test("an agent's renewal waits on few promises once it holds the account's config, state and secrets", async () => {
  const { wallet, service, accounts, http } = await agentWallet(50);
  await service.start();
  // The first round reads each account's state, password and session from their stores.
  for (const account of accounts) assert.equal((await wallet.renewById(account.id)).ok, true);
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  await settle();
  const created = await promisesCreatedBy(async () => {
    for (const account of accounts) {
      const outcome = await wallet.renewById(account.id);
      assert.equal(outcome.ok, true);
    }
    // The schedule's re-read of each renewed account (renewal-service.ts) runs after the events.
    await settle();
  });
  service.stop();
  await wallet.store.flushStates();
  assert.equal(http.requests.length, 100, 'every renewal went to the server');
  const perRenewal = created / accounts.length;
  // Measured: 83 before the agent's in-memory lookups were used on this path, 36 after.
  assert.ok(perRenewal <= 45, `${perRenewal} promises per renewal`);
});
