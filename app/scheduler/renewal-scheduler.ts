import { DueHeap } from './due-heap';
import { toWalletError, type WalletError } from '../errors';
import { Listeners } from '../listeners';
import { clampDelay, type Clock } from './clock';
import { backoffDelayMs, minUsefulLifetimeMs, renewalDueAt, retryDelayFor } from '../common/renewal-policy';
import {
  defaultBatchWindowMs,
  defaultMaxConcurrent,
  type RenewalSchedulerOptions,
  type RenewOutcome,
  type ScheduleSnapshot,
  type ScheduleState,
  type SchedulerEvent,
  type TrackInfo,
} from './schedule-types';

export type * from './schedule-types';
export { defaultBatchWindowMs, defaultMaxConcurrent } from './schedule-types';

interface Entry {
  id: string;
  info: TrackInfo;
  state: ScheduleState;
  dueAt: number;
  heapIndex: number;
  attempt: number;
  lastError: WalletError | null;
  /** Renewals in a row that brought a token too short-lived to use, and the earliest the next may start. */
  shortLived: number;
  notBefore: number;
}

const newEntry = (id: string, info: TrackInfo): Entry => ({
  ...{ id, info, state: 'scheduled', dueAt: 0, heapIndex: -1, attempt: 0 },
  ...{ lastError: null, shortLived: 0, notBefore: 0 },
});

/**
 * Renews every tracked account before its token expires. Due times are wall-clock instants in ONE
 * priority queue with ONE armed timer for the earliest, so 10,000 idle accounts cost nothing. Each
 * firing re-reads the wall clock: a timer that fires late (after sleep) catches up, one that fires
 * early (clock moved back) re-arms. At most one renewal per account and `maxConcurrent` overall.
 */
export class RenewalScheduler {
  private readonly clock: Clock;
  private readonly renew: (accountId: string) => Promise<RenewOutcome>;
  private readonly random: () => number;
  private readonly maxConcurrent: number;
  private readonly batchWindowMs: number;
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new DueHeap<Entry>();
  private readonly listeners = new Listeners<SchedulerEvent>();
  private timer: unknown = null;
  private timerDueAt: number | null = null;
  private inFlight = 0;
  private stopped = false;
  private wakeTimer: unknown = null;

  constructor(options: RenewalSchedulerOptions) {
    this.clock = options.clock;
    this.renew = options.renew;
    this.random = options.random ?? Math.random;
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? defaultMaxConcurrent);
    this.batchWindowMs = Math.max(0, options.batchWindowMs ?? defaultBatchWindowMs);
    const interval = options.wakeCheckIntervalMs ?? 0;
    if (interval > 0) this.scheduleWakeCheck(interval);
  }

  onEvent(listener: (event: SchedulerEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  private emit(event: SchedulerEvent): void {
    this.listeners.emit(event);
  }

  track(accountId: string, info: TrackInfo): void {
    let entry = this.entries.get(accountId);
    if (entry === undefined) {
      entry = newEntry(accountId, info);
      this.entries.set(accountId, entry);
    } else {
      entry.info = info;
    }
    // A renewal in flight will reschedule from its own outcome (and this info) when it ends.
    if (entry.state === 'renewing') return;
    if (info.needsAttention !== true && entry.state === 'attention') {
      entry.attempt = 0;
      entry.lastError = null;
    }
    this.reschedule(entry);
    this.arm();
  }

  untrack(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (entry === undefined) return;
    this.heap.remove(entry);
    this.entries.delete(accountId);
    this.arm();
  }

  /** Host says: the machine woke, the screen unlocked, the network came back. Re-check against the wall clock. */
  wake(): void {
    if (this.stopped) return;
    this.runDue();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    if (this.wakeTimer !== null) this.clock.clearTimer(this.wakeTimer);
    this.timer = null;
    this.timerDueAt = null;
    this.wakeTimer = null;
  }

  snapshot(): ScheduleSnapshot[] {
    return [...this.entries.values()].map((entry) => this.describe(entry));
  }

  entry(accountId: string): ScheduleSnapshot | null {
    const entry = this.entries.get(accountId);
    return entry === undefined ? null : this.describe(entry);
  }

  /** What the account is tracked with now (the scheduler updates it from renewal outcomes). */
  info(accountId: string): Readonly<TrackInfo> | undefined {
    return this.entries.get(accountId)?.info;
  }

  /** Pending timers: the one renewal timer, for tests and benchmarks that prove there is no per-account timer. */
  get armedTimers(): number {
    return this.timer === null ? 0 : 1;
  }

  private describe(entry: Entry): ScheduleSnapshot {
    const queued = entry.state === 'scheduled' || entry.state === 'backoff';
    return {
      accountId: entry.id,
      state: entry.state,
      dueAt: queued ? entry.dueAt : null,
      attempt: entry.attempt,
      lastError: entry.lastError,
    };
  }

  private reschedule(entry: Entry, retryAt?: number): void {
    this.heap.remove(entry);
    const { info } = entry;
    if (info.loggedOut === true) {
      entry.state = 'logged-out';
      return;
    }
    if (info.needsAttention === true) {
      entry.state = 'attention';
      return;
    }
    if (info.onDemandOnly === true) {
      entry.state = 'on-demand';
      return;
    }
    if (retryAt !== undefined) {
      entry.state = 'backoff';
      entry.dueAt = retryAt;
    } else {
      entry.state = 'scheduled';
      const dueAt =
        info.issuedAt === null || info.expiresAt === null
          ? this.clock.now()
          : renewalDueAt(
              { issuedAt: info.issuedAt, expiresAt: info.expiresAt },
              {
                ...(info.renewAtFraction === undefined ? {} : { fraction: info.renewAtFraction }),
                random: this.random,
              },
            );
      entry.dueAt = Math.max(dueAt, entry.notBefore);
    }
    this.heap.push(entry);
  }

  /** Arms the one timer for the earliest due time, unless it is already armed for it. */
  private arm(): void {
    if (this.stopped) return;
    const top = this.heap.peek();
    const now = this.clock.now();
    // Due entries waiting for a free slot are started when a renewal ends, not by a busy timer.
    const wanted = top === undefined || (top.dueAt <= now && this.inFlight >= this.maxConcurrent) ? null : top.dueAt;
    if (wanted === this.timerDueAt && this.timer !== null) return;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.timerDueAt = wanted;
    if (wanted === null) return;
    this.timer = this.clock.setTimer(
      () => {
        this.timer = null;
        this.timerDueAt = null;
        this.runDue();
      },
      clampDelay(wanted - now),
    );
  }

  private runDue(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    while (this.inFlight < this.maxConcurrent) {
      const top = this.heap.peek();
      if (top === undefined || top.dueAt > now + this.earlyBy(top)) break;
      this.heap.pop();
      this.start(top);
    }
    this.arm();
  }

  /** How early a due entry may start with a batch: a scheduled renewal only, by at most 1 % of its lifetime. */
  private earlyBy(entry: Entry): number {
    const { issuedAt, expiresAt } = entry.info;
    if (this.batchWindowMs === 0 || entry.state !== 'scheduled' || issuedAt === null || expiresAt === null) return 0;
    return Math.min(this.batchWindowMs, (expiresAt - issuedAt) / 100);
  }

  private start(entry: Entry): void {
    entry.state = 'renewing';
    this.inFlight += 1;
    this.emit({ type: 'renewal-started', accountId: entry.id, at: this.clock.now(), dueAt: entry.dueAt });
    let outcome: Promise<RenewOutcome>;
    try {
      outcome = this.renew(entry.id);
    } catch (error) {
      outcome = Promise.resolve({ ok: false, error: toWalletError(error), tokenStillValidUntil: null });
    }
    void outcome
      .catch((error: unknown): RenewOutcome => ({ ok: false, error: toWalletError(error), tokenStillValidUntil: null }))
      .then((result) => this.finish(entry, result));
  }

  private finish(entry: Entry, outcome: RenewOutcome): void {
    this.inFlight -= 1;
    const now = this.clock.now();
    if (this.entries.get(entry.id) !== entry) {
      // Untracked while renewing.
      this.runDue();
      return;
    }
    if (!outcome.ok && outcome.loggedOut === true) {
      entry.info = { ...entry.info, loggedOut: true };
      this.reschedule(entry);
    } else if (outcome.ok) {
      const recovering = entry.attempt > 0;
      entry.attempt = 0;
      entry.lastError = null;
      entry.info = { ...entry.info, issuedAt: outcome.issuedAt, expiresAt: outcome.expiresAt, needsAttention: false };
      // A server whose tokens die at once must not get a login per millisecond: back off as after a failure.
      entry.shortLived = outcome.expiresAt - outcome.issuedAt < minUsefulLifetimeMs ? entry.shortLived + 1 : 0;
      entry.notBefore = entry.shortLived === 0 ? 0 : now + backoffDelayMs(entry.shortLived - 1, this.random);
      // Rescheduled before listeners hear of it, so they can read the next due time.
      this.reschedule(entry);
      this.emit({ type: 'renewed', accountId: entry.id, at: now, expiresAt: outcome.expiresAt });
      if (recovering) this.emit({ type: 'recovered', accountId: entry.id, at: now });
    } else {
      entry.lastError = outcome.error;
      const delay = retryDelayFor(outcome.error, entry.attempt, now, this.random);
      entry.attempt += 1;
      if (delay === null) {
        entry.info = { ...entry.info, needsAttention: true };
        this.reschedule(entry);
        this.emit({ type: 'attention', accountId: entry.id, at: now, error: outcome.error });
      } else {
        this.reschedule(entry, now + delay);
        this.emit({
          type: 'renewal-failed',
          accountId: entry.id,
          at: now,
          error: outcome.error,
          nextAttemptAt: now + delay,
        });
      }
    }
    this.runDue();
  }

  private scheduleWakeCheck(intervalMs: number): void {
    let expected = this.clock.now() + intervalMs;
    const check = (): void => {
      if (this.stopped) return;
      const now = this.clock.now();
      // A large gap means the machine slept or the clock jumped: re-check every due time.
      if (Math.abs(now - expected) > intervalMs) this.wake();
      else this.runDue();
      expected = now + intervalMs;
      this.wakeTimer = this.clock.setTimer(check, intervalMs);
    };
    this.wakeTimer = this.clock.setTimer(check, intervalMs);
  }
}
