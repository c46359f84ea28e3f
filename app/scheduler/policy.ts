/** Renewal policy as pure functions of token times and the clock. */

export interface TokenTimes {
  issuedAt: number;
  expiresAt: number;
}

const minimumRemainingFloorMs = 60_000;

/**
 * The least time a token handed to a user must have left: max(60 s, 10 % of its lifetime), capped
 * at a quarter of the lifetime so short-lived tokens are not renewed on every request.
 */
export function minRemainingMs(lifetimeMs: number): number {
  const lifetime = Math.max(0, lifetimeMs);
  return Math.min(Math.max(minimumRemainingFloorMs, lifetime * 0.1), lifetime * 0.25);
}

export function isUsable(token: TokenTimes, now: number): boolean {
  return token.expiresAt - now >= minRemainingMs(token.expiresAt - token.issuedAt) && token.expiresAt > now;
}
