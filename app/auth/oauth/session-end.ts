import { usageError } from '../../errors';
import { isInteractiveGrant, type AccountRecord } from '../../model';
import { parseDuration } from '../../outputs/duration';

/** A reminder this long before a sign-in is due, unless the account says otherwise (--remind-before). */
export const defaultRemindBeforeMs = 86_400_000;

/** The duration options of browser and device accounts, with their flags (for messages). */
const durationOptions = { maxSession: '--max-session', remindBefore: '--remind-before' } as const;

/** Checks a duration option as typed (`12h`, `7d`, `1d12h`); stored as the user wrote it, shown as such by `show`. */
export function validateSessionDuration(key: keyof typeof durationOptions, text: string): string {
  const ms = parseDuration(text, durationOptions[key]);
  if (ms < 60_000) throw usageError(`${durationOptions[key]} takes at least a minute (got "${text}")`, key);
  return text.trim();
}

function optionMs(account: Pick<AccountRecord, 'options'>, key: keyof typeof durationOptions): number | null {
  const text = account.options[key];
  if (text === undefined) return null;
  try {
    return parseDuration(text, durationOptions[key]);
  } catch {
    // Checked when saved; a hand-edited config with a bad value counts as not set.
    return null;
  }
}

/** The configured maximum session (--max-session): how long a sign-in lasts when the server does not say. */
export function maxSessionMs(account: Pick<AccountRecord, 'options'>): number | null {
  return isInteractiveGrant(account.options.grant) ? optionMs(account, 'maxSession') : null;
}

/** How long before a due sign-in the person is reminded (--remind-before, default a day). */
export function remindBeforeMs(account: Pick<AccountRecord, 'options'>): number {
  return optionMs(account, 'remindBefore') ?? defaultRemindBeforeMs;
}

/**
 * When a person must sign in again after a sign-in at `signedInAt`: the server's word (the refresh
 * token's own end) when it gave one, else the configured session maximum, else unknown.
 */
export function sessionEndAfterSignIn(
  account: Pick<AccountRecord, 'options'>,
  serverEnd: number | undefined,
  signedInAt: number,
): number | undefined {
  if (serverEnd !== undefined) return serverEnd;
  const max = maxSessionMs(account);
  return max === null ? undefined : signedInAt + max;
}

/**
 * The sign-in deadline kept after a renewal. A refresh under a configured session maximum does not
 * extend the session (the server ends it at the maximum, counted from the sign-in), so the deadline
 * stays; without one, a rotated refresh token of unknown end leaves the deadline unknown.
 */
export function signInByAfterRenewal(
  account: Pick<AccountRecord, 'options'>,
  result: { refreshExpiresAt?: number },
  previous: number | null | undefined,
  keptRefresh: boolean,
): number | null {
  if (result.refreshExpiresAt !== undefined) return result.refreshExpiresAt;
  return keptRefresh || maxSessionMs(account) !== null ? (previous ?? null) : null;
}

/** "Tue 14:00" in the user's time zone: what a person plans a sign-in around. */
export function signInByText(at: number): string {
  return new Date(at)
    .toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false })
    .replace(',', '');
}
