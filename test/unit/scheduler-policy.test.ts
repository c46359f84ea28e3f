import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WalletError } from '../../app/errors';
import { clampDelay, maxTimerDelayMs } from '../../app/scheduler/clock';
import { backoffDelayMs, isUsable, minRemainingMs, renewalDueAt, retryDelayFor } from '../../app/common/renewal-policy';

const minute = 60_000;

test('minimum remaining time: 60 s floor, 10 % of long lifetimes, capped at a quarter of short ones', () => {
  assert.equal(minRemainingMs(24 * 60 * minute), 144 * minute, '10 % of a day');
  assert.equal(minRemainingMs(10 * minute), minute, 'the 60 s floor for a 10-minute token');
  assert.equal(minRemainingMs(20_000), 5000, 'a quarter of a 20 s token, not 60 s');
  assert.equal(minRemainingMs(5 * minute), minute);
});

test('a token is usable only with the minimum left', () => {
  const issuedAt = 0;
  const expiresAt = 10 * minute;
  assert.equal(isUsable({ issuedAt, expiresAt }, expiresAt - minute), true);
  assert.equal(isUsable({ issuedAt, expiresAt }, expiresAt - minute + 1), false);
  assert.equal(isUsable({ issuedAt, expiresAt }, expiresAt + 1), false);
});

test('renewal falls due at 75 % of the lifetime, within the jitter', () => {
  const token = { issuedAt: 1_000_000, expiresAt: 1_000_000 + 100 * minute };
  assert.equal(renewalDueAt(token, { random: () => 0.5 }), 1_000_000 + 75 * minute);
  assert.equal(renewalDueAt(token, { random: () => 0 }), 1_000_000 + 72 * minute);
  assert.equal(renewalDueAt(token, { random: () => 1 }), 1_000_000 + 78 * minute);
  assert.equal(renewalDueAt(token, { fraction: 0.5, random: () => 0.5 }), 1_000_000 + 50 * minute);
});

test('renewal is never later than the point where the token stops being usable', () => {
  // A 2-minute token: 75 % would leave 30 s, below the 30 s (quarter) minimum? equal: due at 90 s.
  const token = { issuedAt: 0, expiresAt: 2 * minute };
  assert.ok(renewalDueAt(token, { fraction: 0.95, random: () => 0.5 }) <= token.expiresAt - minRemainingMs(2 * minute));
});

test('back-off doubles from about 1 s and stops growing at 5 min', () => {
  const mid = () => 0.5;
  assert.deepEqual(
    [0, 1, 2, 3].map((attempt) => backoffDelayMs(attempt, mid)),
    [1000, 2000, 4000, 8000],
  );
  assert.equal(backoffDelayMs(9, mid), 5 * minute);
  assert.equal(backoffDelayMs(50, mid), 5 * minute);
  assert.equal(
    backoffDelayMs(0, () => 0),
    800,
    'jitter spreads retries',
  );
  assert.equal(
    backoffDelayMs(0, () => 1),
    1200,
  );
});

test('retry policy: back off on network and server errors, wait for Retry-After, stop on rejected credentials', () => {
  const now = 1_000_000;
  const mid = () => 0.5;
  assert.equal(retryDelayFor(new WalletError('unreachable', 'down'), 0, now, mid), 1000);
  assert.equal(retryDelayFor(new WalletError('unexpected', '503'), 2, now, mid), 4000);
  const limited = new WalletError('unexpected', 'rate limited', { rateLimited: true, retryAt: now + 45_000 });
  assert.equal(
    retryDelayFor(limited, 0, now, () => 0),
    45_000,
  );
  assert.equal(retryDelayFor(new WalletError('credentials', 'no'), 0, now, mid), null);
  assert.equal(retryDelayFor(new WalletError('config', 'no keychain'), 0, now, mid), null);
  // A keychain that is locked or gone comes back by itself: retried like a server that is down.
  const locked = new WalletError('config', 'locked collection', { keychainUnavailable: true });
  assert.equal(retryDelayFor(locked, 0, now, mid), 1000);
});

test('timer delays are clamped to what Node can represent', () => {
  assert.equal(clampDelay(40 * 24 * 60 * minute), maxTimerDelayMs);
  assert.equal(clampDelay(-5), 0);
  assert.equal(clampDelay(Number.NaN), 0);
});
