import type { WalletError } from '../errors';

/** Renewal policy as pure functions of token times, the clock and a random source. */

export interface TokenTimes {
  issuedAt: number;
  expiresAt: number;
}

export const defaultRenewAtFraction = 0.75;
/** ± this fraction of the lifetime, so accounts added together do not renew in lockstep. */
export const defaultJitterFraction = 0.03;
const minimumRemainingFloorMs = 60_000;
export const backoffBaseMs = 1000;
export const backoffCapMs = 5 * 60_000;
/** A token that lives less than this cannot be handed out in time: renewing it at once would be a login loop. */
export const minUsefulLifetimeMs = 2000;

/**
 * The least time a token handed to a user must have left: max(60 s, 10 % of its lifetime), capped
 * at a quarter of the lifetime so short-lived tokens are not renewed on every request.
 */
export function minRemainingMs(lifetimeMs: number): number {
  const lifetime = Math.max(0, lifetimeMs);
  return Math.min(Math.max(minimumRemainingFloorMs, lifetime * 0.1), lifetime * 0.25);
}

export function isUsable(token: TokenTimes, now: number): boolean {
  return token.expiresAt > now && token.expiresAt - now >= minRemainingMs(token.expiresAt - token.issuedAt);
}

/**
 * When to renew a token in the background: at `fraction` of its lifetime, jittered, and never so
 * late that a user asking for it would find it below the minimum remaining time.
 */
export function renewalDueAt(
  token: TokenTimes,
  options: { fraction?: number; jitter?: number; random?: () => number } = {},
): number {
  const lifetime = Math.max(0, token.expiresAt - token.issuedAt);
  const fraction = options.fraction ?? defaultRenewAtFraction;
  const jitter = options.jitter ?? defaultJitterFraction;
  const random = options.random ?? Math.random;
  const offset = (random() * 2 - 1) * jitter * lifetime;
  const due = token.issuedAt + lifetime * fraction + offset;
  return Math.min(due, token.expiresAt - minRemainingMs(lifetime));
}

/** Exponential back-off from about 1 s doubling to 5 min, with ±20 % jitter. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt, 30));
  const base = Math.min(backoffCapMs, backoffBaseMs * 2 ** exponent);
  return Math.round(base * (0.8 + random() * 0.4));
}

/**
 * How long to wait before retrying after a failure, or null to stop (credentials rejected, bad
 * input, broken config: retrying cannot help until the user acts).
 */
export function retryDelayFor(
  error: WalletError,
  attempt: number,
  now: number,
  random: () => number = Math.random,
): number | null {
  // A keychain that is locked or gone comes back by itself (an unlock, a restarted daemon): back off, as for a server.
  const waitsForPerson = error.kind === 'config' && error.details.keychainUnavailable !== true;
  if (error.kind === 'credentials' || error.kind === 'usage' || waitsForPerson) return null;
  const backoff = backoffDelayMs(attempt, random);
  const retryAt = error.details.retryAt;
  if (retryAt !== undefined && retryAt > now) {
    // The server said when: wait for that (plus a little spread), never less than the back-off.
    return Math.max(backoff, retryAt - now + Math.round(random() * 1000));
  }
  return backoff;
}
