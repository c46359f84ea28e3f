import type { WalletError } from '../errors';
import type { Clock } from './clock';

/** What the renewal scheduler takes and tells: its contract with the renewal service and the hosts. */

export type RenewOutcome =
  | { ok: true; issuedAt: number; expiresAt: number }
  /** `loggedOut`: the user logged out meanwhile; not a failure, nothing to retry. */
  | { ok: false; error: WalletError; tokenStillValidUntil: number | null; loggedOut?: boolean };

export interface TrackInfo {
  issuedAt: number | null;
  expiresAt: number | null;
  onDemandOnly?: boolean;
  renewAtFraction?: number;
  needsAttention?: boolean;
  /** The user logged out: nothing is scheduled until they ask for a token or log in again. */
  loggedOut?: boolean;
}

export type ScheduleState = 'scheduled' | 'renewing' | 'backoff' | 'attention' | 'on-demand' | 'logged-out';

export interface ScheduleSnapshot {
  accountId: string;
  state: ScheduleState;
  dueAt: number | null;
  attempt: number;
  lastError: WalletError | null;
}

export type SchedulerEvent =
  | { type: 'renewal-started'; accountId: string; at: number; dueAt: number }
  | { type: 'renewed'; accountId: string; at: number; expiresAt: number }
  | { type: 'renewal-failed'; accountId: string; at: number; error: WalletError; nextAttemptAt: number }
  | { type: 'attention'; accountId: string; at: number; error: WalletError }
  | { type: 'recovered'; accountId: string; at: number };

export interface RenewalSchedulerOptions {
  clock: Clock;
  renew(accountId: string): Promise<RenewOutcome>;
  random?: () => number;
  /** Renewals in flight at once across all accounts. Default: defaultMaxConcurrent. */
  maxConcurrent?: number;
  /**
   * A timer that fires also starts the scheduled renewals due within this long (at most 1 % of the
   * token's lifetime early): one wake-up of the host then serves a batch of renewals, not one each.
   * Never applied to a back-off (a server's Retry-After is never anticipated). Default 50 ms; 0: off.
   */
  batchWindowMs?: number;
  /** Without power events, look at the wall clock this often to notice sleep and clock jumps (0: never). */
  wakeCheckIntervalMs?: number;
}

/** See RenewalSchedulerOptions.batchWindowMs. */
export const defaultBatchWindowMs = 50;

/**
 * Renewals in flight at once. Enough for a whole batch (10,000 accounts of 30 s tokens: ~17 per 50 ms
 * window) to go out together, so the server answers in one burst and the host wakes once for several
 * answers: at 8, the rest of a batch went one per answer (1.08 wake-ups per renewal against 0.42 at 32,
 * CPU per renewal 16 % higher, `npm run bench` A/B). Connections stay at 16 per server (http-client.ts).
 */
export const defaultMaxConcurrent = 32;
