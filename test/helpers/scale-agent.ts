// An agent's wallet and scheduler over many accounts, its server scripted: the set-up of the tests
// that measure what a renewal costs the agent at scale.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccountRecord } from '../../app/model';
import { RenewalService } from '../../app/renewal-service';
import { passwordItem, serviceName } from '../../app/secrets/keychain-items';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { Wallet } from '../../app/wallet';
import { FakeClock } from './fake-clock';
import { scriptedHttp } from './scripted-http';

const password = 'pa55-w0rd-never-on-disk';

/** A home with `count` VSS accounts written at once, their passwords in the store. */
export async function bulkHome(count: number, secrets: MemorySecretStore): Promise<string> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-scale-'));
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
  for (const account of accounts) await secrets.set(serviceName(walletId), passwordItem(account.id), password);
  return home;
}

/** An agent's wallet and scheduler over `count` accounts; every login returns a 1-hour token. */
export async function scaleAgent(count: number) {
  const clock = new FakeClock(Date.now());
  const secrets = new MemorySecretStore();
  const home = await bulkHome(count, secrets);
  let issued = 0;
  const http = scriptedHttp(() => {
    issued += 1;
    return { status: 200, body: { duration: 3600, token: `tok-${issued}-${'x'.repeat(40)}`, user: 'alice' } };
  }, clock.now.bind(clock));
  const wallet = new Wallet({ home, secrets, exclusive: true, http: http.transport, now: () => clock.now() });
  const service = new RenewalService(wallet, { clock, maxConcurrent: 16, random: () => 0.5 });
  /** Moves the clock, then lets every renewal that fell due finish (they do real file I/O). */
  const run = async (ms: number): Promise<void> => {
    await clock.advance(ms);
    const busy = (): boolean =>
      service.scheduler
        .snapshot()
        .some((entry) => entry.state === 'renewing' || (entry.dueAt !== null && entry.dueAt <= clock.now()));
    while (busy()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { clock, wallet, service, http, home, run };
}
