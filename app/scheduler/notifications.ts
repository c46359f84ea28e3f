import { formatDuration } from '../common/format';
import type { AccountView } from '../model';
import type { ScheduleSnapshot } from './renewal-scheduler';

/**
 * Which desktop notifications to show, as a pure function of account state and the clock. Each
 * fires once per cause: the memory returned must be passed to the next call.
 */
export type NotificationKind = 'expiring-soon' | 'renewal-failing' | 'credentials-rejected' | 'recovered';

export interface NotificationInput {
  id: string;
  name: string;
  expiresAt: number | null;
  /** The scheduler will renew this token by itself (background renewal on, not failing). */
  autoRenews: boolean;
  state: 'ok' | 'failing' | 'attention';
  lastError?: string;
}

export interface Notification {
  accountId: string;
  kind: NotificationKind;
  title: string;
  body: string;
}

/** Per account: the causes already announced. */
export interface NotificationMemory {
  accounts: Record<string, { expiringFor?: number; episode?: 'failing' | 'attention' }>;
}

export const defaultExpiringLeadMs = 5 * 60_000;

export function emptyNotificationMemory(): NotificationMemory {
  return { accounts: {} };
}

export function decideNotifications(
  memory: NotificationMemory,
  accounts: readonly NotificationInput[],
  now: number,
  options: { expiringLeadMs?: number } = {},
): { notifications: Notification[]; memory: NotificationMemory } {
  const lead = options.expiringLeadMs ?? defaultExpiringLeadMs;
  const notifications: Notification[] = [];
  const next: NotificationMemory = { accounts: {} };
  for (const account of accounts) {
    const seen = { ...memory.accounts[account.id] };
    const reason = account.lastError === undefined ? '' : `: ${account.lastError}`;

    if (account.state === 'attention' && seen.episode !== 'attention') {
      notifications.push({
        accountId: account.id,
        kind: 'credentials-rejected',
        title: `${account.name}: credentials rejected`,
        body: `The server refused the password${reason}. Edit the account to fix it; renewal is paused.`,
      });
      seen.episode = 'attention';
    } else if (account.state === 'failing' && seen.episode === undefined) {
      notifications.push({
        accountId: account.id,
        kind: 'renewal-failing',
        title: `${account.name}: renewal failing`,
        body: `Renewal keeps failing${reason}. Retrying; the current token is served while it is valid.`,
      });
      seen.episode = 'failing';
    } else if (account.state === 'ok' && seen.episode !== undefined) {
      notifications.push({
        accountId: account.id,
        kind: 'recovered',
        title: `${account.name}: renewing again`,
        body: 'Renewal works again; the token is fresh.',
      });
      delete seen.episode;
    }

    const expiring = account.expiresAt !== null && account.expiresAt > now && account.expiresAt - now <= lead;
    const willNotRenew = !account.autoRenews || account.state !== 'ok';
    if (expiring && willNotRenew && seen.expiringFor !== account.expiresAt && account.expiresAt !== null) {
      notifications.push({
        accountId: account.id,
        kind: 'expiring-soon',
        title: `${account.name}: token expires in ${formatDuration(account.expiresAt - now)}`,
        body: account.autoRenews
          ? 'It could not be renewed automatically. Open the dashboard to act.'
          : 'Background renewal is off for this account. Renew it now to keep working.',
      });
      seen.expiringFor = account.expiresAt;
    }
    if (Object.keys(seen).length > 0) next.accounts[account.id] = seen;
  }
  return { notifications, memory: next };
}

/** The decision's input from what a host has: account views and its scheduler's view of each. */
export function notificationInputs(
  accounts: readonly AccountView[],
  schedule: (accountId: string) => ScheduleSnapshot | null,
): NotificationInput[] {
  return accounts.map((account) => {
    const entry = schedule(account.id);
    const state: NotificationInput['state'] =
      account.status === 'attention' || entry?.state === 'attention'
        ? 'attention'
        : entry?.state === 'backoff'
          ? 'failing'
          : 'ok';
    const lastError = entry?.lastError?.message ?? account.lastError?.message;
    return {
      id: account.id,
      name: account.name,
      expiresAt: account.expiresAt,
      autoRenews: account.policy?.onDemandOnly !== true,
      state,
      ...(lastError === undefined ? {} : { lastError }),
    };
  });
}
