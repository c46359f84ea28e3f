import type { AccountRecord } from './model';
import type { Clock } from './scheduler/clock';
import { RenewalScheduler } from './scheduler/renewal-scheduler';
import type { TrackInfo } from './scheduler/renewal-scheduler';
import type { StoredAccountState } from './store/config-store';
import { emptyAccountState } from './store/config-store';
import type { Wallet, WalletEvent } from './wallet';
import { log } from './log/current';

/** How many accounts' schedules were re-read from their files in this process (one per change, not per event). */
export const syncStats = { syncs: 0 };

export interface RenewalServiceOptions {
  clock: Clock;
  random?: () => number;
  maxConcurrent?: number;
  /** For hosts without power events (the CLI agent): how often to look for wall-clock jumps. */
  wakeCheckIntervalMs?: number;
}

/**
 * Keeps the scheduler in step with the wallet: every account is tracked with its current expiry,
 * and re-tracked whenever the wallet reports a change that moves it (a renewal by the CLI,
 * an edit, a logout, the user acting on a rejected password).
 */
export class RenewalService {
  readonly scheduler: RenewalScheduler;
  private readonly wallet: Wallet;
  private readonly tracked = new Set<string>();
  /** Accounts by id, rebuilt only when the wallet's account list is a new one (the config changed). */
  private byId: { source: AccountRecord[]; accounts: Map<string, AccountRecord> } | null = null;
  private unsubscribe: (() => void) | null = null;
  private syncing: Promise<void> = Promise.resolve();
  private readonly pendingSyncs = new Set<string>();

  constructor(wallet: Wallet, options: RenewalServiceOptions) {
    this.wallet = wallet;
    this.scheduler = new RenewalScheduler({
      clock: options.clock,
      renew: (accountId) => wallet.renewById(accountId),
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.maxConcurrent === undefined ? {} : { maxConcurrent: options.maxConcurrent }),
      ...(options.wakeCheckIntervalMs === undefined ? {} : { wakeCheckIntervalMs: options.wakeCheckIntervalMs }),
    });
    // Every view the wallet gives (list, show, the agent's answers) then says when it renews next.
    wallet.setNextRenewalSource((accountId) => this.nextRenewalAt(accountId));
  }

  async start(): Promise<void> {
    this.unsubscribe = this.wallet.onEvent((event) => this.onWalletEvent(event));
    await this.sync();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.scheduler.stop();
  }

  /** On resume from sleep, unlock, network back: re-check every due time against the wall clock. */
  wake(): void {
    this.scheduler.wake();
  }

  private onWalletEvent(event: WalletEvent): void {
    if (event.type === 'account-removed') {
      this.tracked.delete(event.accountId);
      this.scheduler.untrack(event.accountId);
      return;
    }
    // A renewal's 'renewed' is always followed by its 'account-changed' (wallet/renewal.ts): one re-read.
    if (event.type === 'account-changed') {
      // Serialised so that a burst of events re-reads in order; one account's files only. An account
      // already waiting for its re-read is not queued twice: that re-read comes after this event.
      const { accountId } = event;
      if (this.pendingSyncs.has(accountId)) return;
      this.pendingSyncs.add(accountId);
      this.syncing = this.syncing
        .then(() => {
          this.pendingSyncs.delete(accountId);
          syncStats.syncs += 1;
          return this.syncAccount(accountId);
        })
        .catch((error: unknown) =>
          log.warn({ accountId, cause: error }, 'the renewal schedule could not be brought in step with the account'),
        );
    }
  }

  /** The scheduler's next renewal time of an account, for views. */
  nextRenewalAt(accountId: string): number | null {
    return this.scheduler.entry(accountId)?.dueAt ?? null;
  }

  /** One account by id: a scan of 10,000 accounts on each of their renewals would cost more than the renewal. */
  private accountById(accounts: AccountRecord[], accountId: string): AccountRecord | undefined {
    if (this.byId?.source !== accounts)
      this.byId = { source: accounts, accounts: new Map(accounts.map((account) => [account.id, account])) };
    return this.byId.accounts.get(accountId);
  }

  private async syncAccount(accountId: string): Promise<void> {
    const { store } = this.wallet;
    // From memory where this process holds them (the config read moments ago, the state it wrote): no waits.
    const account = this.accountById(store.freshConfig()?.accounts ?? (await this.wallet.accounts()), accountId);
    if (account === undefined) {
      this.tracked.delete(accountId);
      this.scheduler.untrack(accountId);
      return;
    }
    this.trackIfChanged(account, store.knownAccountState(accountId) ?? (await store.readAccountState(accountId)));
  }

  /** Re-reads accounts and state and (re)tracks only what changed. */
  async sync(): Promise<void> {
    const [accounts, state] = await Promise.all([this.wallet.accounts(), this.wallet.store.readState()]);
    const seen = new Set<string>();
    for (const account of accounts) {
      seen.add(account.id);
      this.trackIfChanged(account, state.accounts[account.id] ?? emptyAccountState());
    }
    for (const id of this.tracked.keys()) {
      if (!seen.has(id)) {
        this.tracked.delete(id);
        this.scheduler.untrack(id);
      }
    }
  }

  /** (Re)tracks an account only when something that moves its schedule changed. */
  private trackIfChanged(account: AccountRecord, state: StoredAccountState): void {
    const entry: TrackInfo = {
      issuedAt: state.issuedAt,
      expiresAt: state.expiresAt,
      onDemandOnly: account.policy?.onDemandOnly === true,
      ...(account.policy?.renewAtFraction === undefined ? {} : { renewAtFraction: account.policy.renewAtFraction }),
      needsAttention: state.needsAttention === true,
      loggedOut: state.loggedOut === true,
    };
    // The scheduler already knows a renewal's outcome (its own renewals are most of these events).
    const current = this.scheduler.info(account.id);
    if (current !== undefined && sameTrackInfo(current, entry)) return;
    this.tracked.add(account.id);
    this.scheduler.track(account.id, entry);
  }
}

function sameTrackInfo(a: Readonly<TrackInfo>, b: TrackInfo): boolean {
  return (
    a.issuedAt === b.issuedAt &&
    a.expiresAt === b.expiresAt &&
    a.onDemandOnly === b.onDemandOnly &&
    a.renewAtFraction === b.renewAtFraction &&
    a.needsAttention === b.needsAttention &&
    a.loggedOut === b.loggedOut
  );
}
