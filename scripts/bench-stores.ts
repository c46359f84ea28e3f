import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EncryptedFileStore } from '../app/secrets/file-store';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * The encrypted file store's cost per renewal write with a wallet of `accounts` accounts (each a password and a
 * session).
 */
export async function benchFileStore(accounts: number): Promise<Record<string, unknown>> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tw-bench-file-')), 'secrets.enc');
  const openStarted = process.hrtime.bigint();
  const store = new EncryptedFileStore({ file, passphrase: 'bench passphrase' });
  await store.unlock();
  const unlockMs = Number(process.hrtime.bigint() - openStarted) / 1e6;
  const service = `token-wallet:${randomUUID()}`;
  const session = (): string =>
    JSON.stringify({
      accessToken: randomUUID().repeat(8),
      refreshToken: randomUUID().repeat(4),
      issuedAt: Date.now(),
      expiresAt: Date.now() + 3_600_000,
    });
  const ids = Array.from({ length: accounts }, () => randomUUID());
  await Promise.all(
    ids.flatMap((id) => [
      store.set(service, `${id}:password`, 'p@ssw0rd-of-some-length'),
      store.set(service, `${id}:session`, session()),
    ]),
  );
  const times: number[] = [];
  // Enough writes to fold the log into a new snapshot at least once (its cost is in the mean and p99).
  for (let run = 0; run < 3000; run += 1) {
    const id = ids[run % ids.length] as string;
    const started = process.hrtime.bigint();
    await store.set(service, `${id}:session`, session());
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  // Twenty renewals landing together share one write.
  const burstStarted = process.hrtime.bigint();
  await Promise.all(ids.slice(0, 20).map((id) => store.set(service, `${id}:session`, session())));
  const burstMs = Number(process.hrtime.bigint() - burstStarted) / 1e6;
  return {
    bench: 'file-store',
    accounts,
    unlockMs: Math.round(unlockMs),
    renewalWriteMedianMs: Math.round(median(times) * 100) / 100,
    renewalWriteMeanMs: Math.round((times.reduce((sum, value) => sum + value, 0) / times.length) * 100) / 100,
    renewalWriteP99Ms: Math.round(([...times].sort((a, b) => a - b)[Math.floor(times.length * 0.99)] ?? 0) * 100) / 100,
    twentyConcurrentWritesMs: Math.round(burstMs * 100) / 100,
    target: 'renewal write ≤ 5 ms at 1,000 accounts',
  };
}
