import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RenewalScheduler } from '../../app/scheduler/renewal-scheduler';
import { FakeClock } from '../helpers/fake-clock';

/**
 * Attacker pass 2: a server (any provider: a recipe, an OAuth2 issuer) whose tokens live a millisecond. Renewed at
 * 75 % of each lifetime, the account was logged in again as fast as the server answered: hundreds of logins a
 * second, enough to lock or rate-limit the person's account. Short-lived renewals now back off as failures do.
 */
function loop(lifetimeMs: number) {
  const clock = new FakeClock();
  const calls: number[] = [];
  const scheduler = new RenewalScheduler({
    clock,
    random: () => 0.5,
    renew: async () => {
      calls.push(clock.now());
      // A bound for the code as it was, which would otherwise spin for ever at one instant.
      const lifetime = calls.length > 5000 ? 3_600_000 : lifetimeMs;
      return { ok: true, issuedAt: clock.now(), expiresAt: clock.now() + lifetime };
    },
  });
  return { clock, scheduler, calls };
}

for (const lifetimeMs of [1, 500, 1500]) {
  test(`tokens that live ${lifetimeMs} ms: a handful of logins a minute, not a loop`, async () => {
    const { clock, scheduler, calls } = loop(lifetimeMs);
    const start = clock.now();
    scheduler.track('a', { issuedAt: null, expiresAt: null });
    for (let second = 0; second < 60; second += 1) await clock.advance(1000);
    // Backing off 1 s, 2 s, 4 s … (±20 %): at most 7 in a minute.
    assert.ok(calls.length <= 7, `${calls.length} logins in a minute`);
    assert.ok(calls.length >= 3, 'the account is still renewed');
    assert.equal(calls[0], start, 'the first login at once');
    scheduler.stop();
  });
}

test('a 3 s token (the shortest the real-time tests use) is still renewed at 75 % of its lifetime', async () => {
  const { clock, scheduler, calls } = loop(3000);
  const start = clock.now();
  scheduler.track('a', { issuedAt: null, expiresAt: null });
  await clock.advance(10_000);
  assert.deepEqual(
    calls.map((at) => at - start),
    [0, 2250, 4500, 6750, 9000],
  );
  scheduler.stop();
});
