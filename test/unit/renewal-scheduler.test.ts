import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WalletError } from '../../app/errors';
import { maxTimerDelayMs } from '../../app/scheduler/clock';
import { RenewalScheduler, type RenewOutcome, type SchedulerEvent } from '../../app/scheduler/renewal-scheduler';
import { FakeClock } from '../helpers/fake-clock';

const minute = 60_000;
const day = 24 * 60 * minute;

/** A scheduler whose renewals answer from a script and record when they ran. */
function setup(
  options: {
    lifetimeMs?: number;
    outcome?: (id: string, call: number) => RenewOutcome | Promise<RenewOutcome>;
    maxConcurrent?: number;
    wakeCheckIntervalMs?: number;
  } = {},
) {
  const clock = new FakeClock();
  const lifetime = options.lifetimeMs ?? 10 * minute;
  const calls: Array<{ id: string; at: number }> = [];
  const events: SchedulerEvent[] = [];
  const scheduler = new RenewalScheduler({
    clock,
    random: () => 0.5,
    ...(options.maxConcurrent === undefined ? {} : { maxConcurrent: options.maxConcurrent }),
    ...(options.wakeCheckIntervalMs === undefined ? {} : { wakeCheckIntervalMs: options.wakeCheckIntervalMs }),
    renew: async (id) => {
      calls.push({ id, at: clock.now() });
      if (options.outcome !== undefined) return options.outcome(id, calls.length);
      return { ok: true, issuedAt: clock.now(), expiresAt: clock.now() + lifetime };
    },
  });
  scheduler.onEvent((event) => events.push(event));
  return { clock, scheduler, calls, events };
}

test('an account without a token is renewed at once, then again at 75 % of each lifetime', async () => {
  const { clock, scheduler, calls } = setup({ lifetimeMs: 10 * minute });
  const start = clock.now();
  scheduler.track('a', { issuedAt: null, expiresAt: null });
  await clock.advance(0);
  assert.deepEqual(
    calls.map((call) => call.at - start),
    [0],
  );
  await clock.advance(16 * minute);
  assert.deepEqual(
    calls.map((call) => call.at - start),
    [0, 7.5 * minute, 15 * minute],
  );
});

test('a tracked token is renewed at 75 % of its lifetime, not before', async () => {
  const { clock, scheduler, calls } = setup();
  scheduler.track('a', { issuedAt: clock.now(), expiresAt: clock.now() + 100 * minute });
  await clock.advance(75 * minute - 1);
  assert.equal(calls.length, 0);
  await clock.advance(1);
  assert.equal(calls.length, 1);
});

test('10,000 accounts share one armed timer', async () => {
  const { clock, scheduler } = setup();
  for (let index = 0; index < 10_000; index += 1) {
    scheduler.track(`a${index}`, { issuedAt: clock.now(), expiresAt: clock.now() + (10 + (index % 50)) * minute });
  }
  assert.equal(clock.pendingTimers(), 1);
  assert.equal(scheduler.armedTimers, 1);
});

test('a 40-day token arms a clamped timer and does not spin', async () => {
  const { clock, scheduler, calls } = setup({ lifetimeMs: 40 * day });
  scheduler.track('long', { issuedAt: clock.now(), expiresAt: clock.now() + 40 * day });
  assert.ok(clock.requestedDelays.every((delay) => delay <= maxTimerDelayMs));
  assert.equal(clock.requestedDelays.at(-1), maxTimerDelayMs);
  await clock.advance(day);
  assert.equal(calls.length, 0);
  assert.equal(clock.firings, 0, 'no timer fired during the first day');
  await clock.advance(25 * day);
  assert.equal(calls.length, 0, 'the clamped timer fired at 24.8 days, saw nothing due and re-armed');
  assert.ok(clock.firings <= 2);
  await clock.advance(5 * day);
  assert.equal(calls.length, 1, 'renewed at 30 days (75 % of 40)');
});

test('after sleep (wall clock jumps ahead), wake renews what became due at once', async () => {
  const { clock, scheduler, calls } = setup();
  scheduler.track('a', { issuedAt: clock.now(), expiresAt: clock.now() + 10 * minute });
  await clock.advance(minute);
  clock.jump(30 * minute);
  assert.equal(calls.length, 0, 'the monotonic timer has not fired');
  scheduler.wake();
  await clock.advance(0);
  assert.equal(calls.length, 1);
});

test('without power events, the coarse wall-clock check notices a jump', async () => {
  const { clock, scheduler, calls } = setup({ wakeCheckIntervalMs: 30_000 });
  scheduler.track('a', { issuedAt: clock.now(), expiresAt: clock.now() + 10 * minute });
  clock.jump(20 * minute);
  await clock.advance(30_000);
  assert.equal(calls.length, 1);
  scheduler.stop();
});

test('a clock set back makes the timer fire early in wall terms: it re-arms and does not renew early', async () => {
  const { clock, scheduler, calls } = setup();
  const start = clock.now();
  scheduler.track('a', { issuedAt: start, expiresAt: start + 10 * minute });
  clock.jump(-5 * minute);
  await clock.advance(7.5 * minute);
  assert.equal(calls.length, 0, 'wall clock is only at 2.5 min of the lifetime');
  await clock.advance(5 * minute);
  assert.equal(calls.length, 1);
  assert.equal((calls[0]?.at ?? 0) - start, 7.5 * minute);
});

test('failures back off exponentially and the old token keeps serving; success after that is "recovered"', async () => {
  let failures = 3;
  const { clock, scheduler, calls, events } = setup({
    outcome: (_id, _call) => {
      if (failures > 0) {
        failures -= 1;
        return {
          ok: false,
          error: new WalletError('unreachable', 'connection refused'),
          tokenStillValidUntil: clock.now() + minute,
        };
      }
      return { ok: true, issuedAt: clock.now(), expiresAt: clock.now() + 10 * minute };
    },
  });
  const start = clock.now();
  scheduler.track('a', { issuedAt: null, expiresAt: null });
  await clock.advance(20_000);
  assert.deepEqual(
    calls.map((call) => call.at - start),
    [0, 1000, 3000, 7000],
  );
  assert.deepEqual(
    events.filter((event) => event.type !== 'renewal-started').map((event) => event.type),
    ['renewal-failed', 'renewal-failed', 'renewal-failed', 'renewed', 'recovered'],
  );
});

test('rate limits are obeyed: the retry waits for the server’s time', async () => {
  let first = true;
  const { clock, scheduler, calls } = setup({
    outcome: () => {
      if (first) {
        first = false;
        return {
          ok: false,
          error: new WalletError('unexpected', 'rate limited', { rateLimited: true, retryAt: clock.now() + 60_000 }),
          tokenStillValidUntil: null,
        };
      }
      return { ok: true, issuedAt: clock.now(), expiresAt: clock.now() + 10 * minute };
    },
  });
  const start = clock.now();
  scheduler.track('a', { issuedAt: null, expiresAt: null });
  await clock.advance(59_000);
  assert.equal(calls.length, 1);
  await clock.advance(2000);
  assert.equal(calls.length, 2);
  assert.ok((calls[1]?.at ?? 0) - start >= 60_000);
});

test('rejected credentials stop retries until the user acts', async () => {
  const { clock, scheduler, calls, events } = setup({
    outcome: () => ({
      ok: false,
      error: new WalletError('credentials', 'invalid password'),
      tokenStillValidUntil: null,
    }),
  });
  scheduler.track('a', { issuedAt: null, expiresAt: null });
  await clock.advance(day);
  assert.equal(calls.length, 1);
  assert.equal(events.filter((event) => event.type === 'attention').length, 1);
  assert.equal(scheduler.entry('a')?.state, 'attention');
  // The user fixed the password: the host tracks the account again without the attention flag.
  scheduler.track('a', { issuedAt: null, expiresAt: null, needsAttention: false });
  await clock.advance(0);
  assert.equal(calls.length, 2);
});

test('on-demand accounts are never renewed in the background', async () => {
  const { clock, scheduler, calls } = setup();
  scheduler.track('a', { issuedAt: null, expiresAt: null, onDemandOnly: true });
  await clock.advance(day);
  assert.equal(calls.length, 0);
  assert.equal(clock.pendingTimers(), 0);
});

test('concurrency is limited, and one account never has two renewals at once', async () => {
  const releases: Array<() => void> = [];
  let inFlight = 0;
  let peak = 0;
  const perAccount = new Map<string, number>();
  const { clock, scheduler, calls } = setup({
    maxConcurrent: 3,
    outcome: (id) =>
      new Promise((resolve) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        perAccount.set(id, (perAccount.get(id) ?? 0) + 1);
        assert.equal(perAccount.get(id), 1, `two renewals of ${id} at once`);
        releases.push(() => {
          inFlight -= 1;
          perAccount.set(id, 0);
          resolve({ ok: true, issuedAt: clock.now(), expiresAt: clock.now() + 10 * minute });
        });
      }),
  });
  for (let index = 0; index < 10; index += 1) scheduler.track(`a${index}`, { issuedAt: null, expiresAt: null });
  await clock.advance(0);
  assert.equal(calls.length, 3);
  // Tracking an account that is renewing must not start a second renewal of it.
  scheduler.track('a0', { issuedAt: null, expiresAt: null });
  await clock.advance(0);
  assert.equal(calls.length, 3);
  while (releases.length > 0) {
    releases.shift()?.();
    await clock.advance(0);
  }
  assert.equal(calls.length, 10);
  assert.equal(peak, 3);
});

test('untracking during a renewal drops its outcome', async () => {
  let release: () => void = () => undefined;
  const { clock, scheduler } = setup({
    outcome: () =>
      new Promise(
        (resolve) => (release = () => resolve({ ok: true, issuedAt: clock.now(), expiresAt: clock.now() + minute })),
      ),
  });
  scheduler.track('a', { issuedAt: null, expiresAt: null });
  await clock.advance(0);
  scheduler.untrack('a');
  release();
  await clock.advance(0);
  assert.equal(scheduler.entry('a'), null);
  assert.equal(clock.pendingTimers(), 0);
});

test('renewals due within a moment of each other start on one wake-up, never a back-off early', async () => {
  const { clock, scheduler, calls } = setup();
  const now = clock.now();
  // Due 40 ms apart (75 % of a 100-minute lifetime): one timer firing starts both.
  scheduler.track('a', { issuedAt: now, expiresAt: now + 100 * minute });
  scheduler.track('b', { issuedAt: now + 40, expiresAt: now + 40 + 100 * minute });
  const firings = clock.firings;
  await clock.advance(75 * minute);
  assert.deepEqual(
    calls.map((call) => [call.id, call.at - now]),
    [
      ['a', 75 * minute],
      ['b', 75 * minute],
    ],
  );
  assert.equal(clock.firings - firings, 1, 'one wake-up for both');
  // At most 1 % of a lifetime early: a 1-second token is not renewed 50 ms early, only 10 ms.
  scheduler.track('c', { issuedAt: clock.now(), expiresAt: clock.now() + 1000 });
  scheduler.track('d', { issuedAt: clock.now() + 20, expiresAt: clock.now() + 1020 });
  const before = calls.length;
  await clock.advance(750);
  assert.deepEqual(
    calls.slice(before).map((call) => call.id),
    ['c'],
  );
});

test('a whole batch goes out together by default: renewals in flight wait for nothing but the server', async () => {
  const releases: Array<() => void> = [];
  const { clock, scheduler, calls } = setup({
    outcome: () =>
      new Promise((resolve) =>
        releases.push(() => resolve({ ok: true, issuedAt: clock.now(), expiresAt: clock.now() + 10 * minute })),
      ),
  });
  const now = clock.now();
  // 20 accounts due within one batch window (what 10,000 accounts of 30 s tokens bring every 50 ms).
  for (let index = 0; index < 20; index += 1) {
    const issuedAt = now + index * 2;
    scheduler.track(`a${index}`, { issuedAt, expiresAt: issuedAt + 100 * minute });
  }
  const firings = clock.firings;
  await clock.advance(75 * minute);
  // All 20 on one wake-up, none waiting for another's answer (the host then wakes once for several answers).
  assert.equal(calls.length, 20);
  assert.equal(clock.firings - firings, 1);
  for (const release of releases) release();
  await clock.advance(0);
  assert.equal(scheduler.snapshot().filter((entry) => entry.state === 'renewing').length, 0);
});

test('a back-off retry never starts before its time with a batch', async () => {
  let failures = 0;
  const { clock, scheduler, calls } = setup({
    outcome: (id) => {
      if (id === 'a' && failures === 0) {
        failures += 1;
        return { ok: false, error: new WalletError('unreachable', 'down'), tokenStillValidUntil: null };
      }
      return { ok: true, issuedAt: clock.now(), expiresAt: clock.now() + 100 * minute };
    },
  });
  scheduler.track('a', { issuedAt: null, expiresAt: null });
  await clock.advance(0);
  const retryAt = scheduler.entry('a')?.dueAt ?? 0;
  assert.equal(scheduler.entry('a')?.state, 'backoff');
  // Another account falls due 20 ms before the retry: its wake-up must not take the retry along.
  const issued = retryAt - 20 - 75 * minute;
  scheduler.track('b', { issuedAt: issued, expiresAt: issued + 100 * minute });
  await clock.advance(retryAt - 20 - clock.now());
  assert.deepEqual(
    calls.map((call) => call.id),
    ['a', 'b'],
  );
  await clock.advance(20);
  assert.deepEqual(
    calls.map((call) => call.id),
    ['a', 'b', 'a'],
  );
});
