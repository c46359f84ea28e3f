import type { WalletError } from '../errors';

/** What the wallet tells its hosts (scheduler, tray, dashboard) about accounts as they change. */
export type WalletEvent =
  | { type: 'account-changed'; accountId: string }
  | { type: 'account-removed'; accountId: string }
  | { type: 'renewal-started'; accountId: string }
  | { type: 'renewed'; accountId: string; expiresAt: number }
  | { type: 'renewal-failed'; accountId: string; error: WalletError };
