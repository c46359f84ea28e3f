import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryCasStore, type CasSecretStore } from '../../app/secrets/remote/cas-store';
import { SharedSession } from '../../app/secrets/remote/shared-session';
import type { TokenSet } from '../../app/model';
import { FakeClock } from '../helpers/fake-clock';

const lifetimeMs = 60_000;

/**
 * A strict OAuth2 server: refresh tokens rotate, reuse revokes the whole family, refresh revokes the old access token.
 */
class RotatingServer {
  private next = 1;
  private readonly access = new Map<string, { expiresAt: number; family: number; revoked: boolean }>();
  private readonly refresh = new Map<string, { family: number; used: boolean }>();
  private readonly revokedFamilies = new Set<number>();
  reuseDetected = 0;
  logins = 0;
  refreshes = 0;

  constructor(private readonly clock: FakeClock) {}

  private issue(family: number): TokenSet {
    const id = this.next++;
    const now = this.clock.now();
    const tokens = { accessToken: `at-${id}`, refreshToken: `rt-${id}`, issuedAt: now, expiresAt: now + lifetimeMs };
    this.access.set(tokens.accessToken, { expiresAt: tokens.expiresAt, family, revoked: false });
    this.refresh.set(tokens.refreshToken, { family, used: false });
    return tokens;
  }

  login(): TokenSet {
    this.logins += 1;
    return this.issue(this.next);
  }

  rotate(refreshToken: string, previousAccess: string): TokenSet {
    const entry = this.refresh.get(refreshToken);
    if (entry === undefined || this.revokedFamilies.has(entry.family)) throw new Error('invalid_grant');
    if (entry.used) {
      this.reuseDetected += 1;
      this.revokedFamilies.add(entry.family);
      throw new Error('invalid_grant: refresh token reuse');
    }
    entry.used = true;
    const old = this.access.get(previousAccess);
    if (old !== undefined) old.revoked = true;
    this.refreshes += 1;
    return this.issue(entry.family);
  }

  accepts(accessToken: string): boolean {
    const entry = this.access.get(accessToken);
    return (
      entry !== undefined &&
      !entry.revoked &&
      !this.revokedFamilies.has(entry.family) &&
      entry.expiresAt > this.clock.now()
    );
  }
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

test('two agents, one CAS store: 10 minutes of rotation, no lost refresh token, no invalid token served', async () => {
  const clock = new FakeClock();
  const server = new RotatingServer(clock);
  const shared = new MemoryCasStore();
  const rand = random(42);
  // The remote store answers over a network too: reads and writes of two agents interleave.
  const latency = (): Promise<void> => new Promise((resolve) => clock.setTimer(resolve, 5 + rand() * 40));
  const store: CasSecretStore = {
    read: async (key) => {
      await latency();
      return shared.read(key);
    },
    compareAndSet: async (key, value, expected) => {
      await latency();
      return shared.compareAndSet(key, value, expected);
    },
  };
  const accounts = ['a', 'b', 'c', 'd', 'e'];
  const agents = ['agent-1', 'agent-2'];
  let served = 0;
  let refused = 0;
  let transientFailures = 0;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => clock.setTimer(resolve, ms));

  // The HTTP exchange: a random delay, and now and then a connection refused before the server acts.
  const renew = async (current: TokenSet | null): Promise<TokenSet> => {
    await sleep(50 + rand() * 2_000);
    if (rand() < 0.05) {
      transientFailures += 1;
      throw new Error('ECONNREFUSED');
    }
    return current?.refreshToken === undefined
      ? server.login()
      : server.rotate(current.refreshToken, current.accessToken);
  };

  const end = clock.now() + 10 * 60_000;
  const loops = agents.flatMap((agent) =>
    accounts.map(async (account) => {
      const session = new SharedSession({ store, key: account, holder: agent, clock, leaseMs: 30_000, pollMs: 100 });
      while (clock.now() < end) {
        await sleep(200 + rand() * 2_500);
        // Hand-outs ask for a quarter of the lifetime, which is when the scheduler renews.
        const tokens = await session.fresh(lifetimeMs / 4, renew).catch(() => null);
        if (tokens === null) continue;
        if (server.accepts(tokens.accessToken)) served += 1;
        else refused += 1;
      }
    }),
  );
  const all = Promise.all(loops);
  let finished = false;
  void all.then(() => (finished = true));
  while (!finished) await clock.advance(100);
  await all;

  assert.equal(server.reuseDetected, 0, 'a refresh token was sent twice (lost rotation)');
  assert.equal(refused, 0, 'an agent handed out a token the server no longer accepts');
  assert.equal(server.logins, accounts.length, 'one login per account, by one agent, then only refreshes');
  assert.ok(served > 1_000, `served ${served}`);
  assert.ok(server.refreshes >= accounts.length * 12, `refreshes ${server.refreshes}`);
  assert.ok(transientFailures > 0 && shared.conflicts > 0, 'the run exercised failures and CAS conflicts');
  // Every account's family is still alive at the end: a final refresh from the store works.
  for (const account of accounts) {
    const record = JSON.parse((await shared.read(account))?.value ?? '{}') as { session: TokenSet };
    assert.ok(
      server.rotate(record.session.refreshToken ?? '', record.session.accessToken).accessToken.startsWith('at-'),
    );
  }
});

test('without the lease, two agents renewing at once trip reuse detection (the simulation can fail)', async () => {
  const clock = new FakeClock();
  const server = new RotatingServer(clock);
  const first = server.login();
  // Both agents read the same session and both refresh with its refresh token.
  assert.ok(server.rotate(first.refreshToken ?? '', first.accessToken));
  assert.throws(() => server.rotate(first.refreshToken ?? '', first.accessToken), /reuse/);
  assert.equal(server.reuseDetected, 1);
});
