import type { AccountStatus, AccountView } from '../app/model';
import { liveStatus } from '../app/common/account-time';

/** What a person needs to know at a glance; each has its colour, its count in the header and its filter. */
export type StateGroup = 'fresh' | 'expiring' | 'retrying' | 'attention' | 'logged-out' | 'idle';

export const stateGroups: readonly StateGroup[] = ['fresh', 'expiring', 'retrying', 'attention', 'logged-out', 'idle'];

export const groupLabels: Record<StateGroup, string> = {
  fresh: 'fresh',
  expiring: 'expiring',
  retrying: 'retrying',
  attention: 'need attention',
  'logged-out': 'logged out',
  idle: 'without a token',
};

const groupOfStatus: Record<AccountStatus, StateGroup> = {
  fresh: 'fresh',
  expiring: 'expiring',
  renewing: 'expiring',
  offline: 'retrying',
  attention: 'attention',
  'logged-out': 'logged-out',
  expired: 'idle',
  none: 'idle',
  'on-demand': 'idle',
};

export function groupOf(status: AccountStatus): StateGroup {
  return groupOfStatus[status];
}

export type SortOrder = 'name' | 'time-left';

export interface ListQuery {
  filter: string;
  sort: SortOrder;
  group: StateGroup | null;
}

function matches(account: AccountView, needle: string): boolean {
  return (
    needle === '' ||
    [account.name, account.provider, account.username, account.url].some((field) =>
      field.toLowerCase().includes(needle),
    )
  );
}

/** Accounts as listed: filtered by the typed text and the chosen state, sorted by name or by time left. */
export function visibleAccounts(accounts: readonly AccountView[], query: ListQuery, now: number): AccountView[] {
  const needle = query.filter.trim().toLowerCase();
  const shown = accounts.filter(
    (account) =>
      matches(account, needle) && (query.group === null || groupOf(liveStatus(account, now)) === query.group),
  );
  if (query.sort === 'name') return shown.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Accounts without a token first: they need a look; then soonest expiry.
  return shown.sort(
    (a, b) =>
      (a.expiresAt ?? -Infinity) - (b.expiresAt ?? -Infinity) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** How many accounts are in each state now. */
export function countByGroup(accounts: readonly AccountView[], now: number): Record<StateGroup, number> {
  const counts: Record<StateGroup, number> = {
    fresh: 0,
    expiring: 0,
    retrying: 0,
    attention: 0,
    'logged-out': 0,
    idle: 0,
  };
  for (const account of accounts) counts[groupOf(liveStatus(account, now))] += 1;
  return counts;
}
