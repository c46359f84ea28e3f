import type { AccountStatus, AccountView } from '../model';
import { formatDuration } from './format';

/**
 * What a dashboard or tray shows of an account's time: pure, shared by the renderer and the core.
 */

/** The status to show now: the host's, aged by the clock (a fresh token becomes expired without a new event). */
export function liveStatus(
  account: Pick<AccountView, 'status' | 'expiresAt' | 'freshUntil'>,
  now: number,
): AccountStatus {
  const { status, expiresAt, freshUntil } = account;
  if ((status === 'fresh' || status === 'expiring') && expiresAt !== null) {
    if (expiresAt <= now) return 'expired';
    if (status === 'fresh' && freshUntil !== null && now >= freshUntil) return 'expiring';
  }
  return status;
}

export const statusLabels: Record<AccountStatus, string> = {
  fresh: 'Fresh',
  expiring: 'Expiring',
  expired: 'Expired',
  none: 'No token',
  renewing: 'Renewing',
  attention: 'Needs attention',
  offline: 'Retrying',
  'on-demand': 'On demand',
  'logged-out': 'Logged out',
};

/** The countdown text and the lifetime bar's width (whole percent), which change together. */
export function countdown(
  account: Pick<AccountView, 'expiresAt' | 'issuedAt'>,
  now: number,
): { text: string; percent: number } {
  if (account.expiresAt === null || account.issuedAt === null) return { text: '—', percent: 0 };
  const left = account.expiresAt - now;
  if (left <= 0) return { text: 'expired', percent: 0 };
  const lifetime = Math.max(1, account.expiresAt - account.issuedAt);
  return {
    text: formatDuration(left, { countdown: true }),
    percent: Math.max(0, Math.min(100, Math.round((left / lifetime) * 100))),
  };
}

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/**
 * "14:05:09". Not toLocaleTimeString: its first call sets up ICU date formatting, which cost about
 * a third of the 1,000-account first render.
 */
export function formatClockTime(at: number | null | undefined): string {
  if (at === null || at === undefined) return '—';
  const date = new Date(at);
  return `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}:${twoDigits(date.getSeconds())}`;
}
