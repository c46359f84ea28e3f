import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigStore } from '../../app/store/config-store';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('the sole renewer keeps renewal times in memory, writes what others act on at once, all at exit', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-state-'));
  const store = new ConfigStore(home, { writeBehindState: true });
  const file = (id: string): string => path.join(home, 'state', `${id}.json`);
  await store.updateState('a', (state) => ({ ...state, issuedAt: 1, expiresAt: 2, lastRenewalAt: 1 }));
  await store.updateState('b', (state) => ({ ...state, loggedOut: true }));
  await sleep(300);
  assert.equal(existsSync(file('b')), true, 'a logout reaches the disk within a moment');
  // The flush that wrote b also wrote a; from now on a's renewals stay in memory.
  await store.updateState('a', (state) => ({ ...state, issuedAt: 10, expiresAt: 20, lastRenewalAt: 10 }));
  await sleep(300);
  assert.equal(
    (JSON.parse(readFileSync(file('a'), 'utf8')) as { issuedAt: number }).issuedAt,
    1,
    'a routine renewal costs no file write',
  );
  assert.equal((await store.readAccountState('a')).issuedAt, 10, 'but is what this process reads');
  await store.updateState('a', (state) => ({ ...state, lastError: { kind: 'unreachable', message: 'down', at: 30 } }));
  await sleep(300);
  assert.equal(
    (JSON.parse(readFileSync(file('a'), 'utf8')) as { issuedAt: number }).issuedAt,
    10,
    'an error goes out at once, with the times',
  );
  await store.updateState('a', (state) => ({
    ...state,
    issuedAt: 40,
    expiresAt: 50,
    lastRenewalAt: 40,
    lastError: null,
  }));
  await sleep(300);
  assert.equal(
    (JSON.parse(readFileSync(file('a'), 'utf8')) as { lastError: unknown }).lastError,
    null,
    'the recovery too',
  );
  await store.updateState('a', (state) => ({ ...state, issuedAt: 60, expiresAt: 70, lastRenewalAt: 60 }));
  await store.flushStates();
  assert.equal(
    (JSON.parse(readFileSync(file('a'), 'utf8')) as { issuedAt: number }).issuedAt,
    60,
    'the host writes everything when it stops',
  );
});

test('routine renewal times are swept to disk every few minutes, not every minute', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-state-'));
  const store = new ConfigStore(home, { writeBehindState: true });
  await store.updateState('a', (state) => ({ ...state, loggedOut: false }));
  await sleep(200);
  // The sweep's timer is the one armed by a routine renewal: its delay is what is asserted.
  const delays: number[] = [];
  const original = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return original(callback, ms);
  }) as typeof setTimeout;
  try {
    await store.updateState('a', (state) => ({ ...state, issuedAt: 1, expiresAt: 2, lastRenewalAt: 1 }));
  } finally {
    globalThis.setTimeout = original;
  }
  assert.deepEqual(delays.length, 1);
  assert.ok((delays[0] ?? 0) >= 5 * 60_000, `a sweep after ${delays[0]} ms`);
  await store.flushStates();
});
