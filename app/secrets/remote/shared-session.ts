import { WalletError } from '../../errors';
import type { Clock } from '../../scheduler/clock';
import type { TokenSet } from '../../model';
import type { CasSecretStore, Versioned } from './cas-store';

/** What the shared store holds per account: the session, and who is renewing it until when. */
interface SharedRecord {
  session: TokenSet | null;
  lease: { holder: string; until: number } | null;
}

export interface SharedSessionOptions {
  store: CasSecretStore;
  /** The account's key in the shared store. */
  key: string;
  /** This agent's identity (host and home), written into its leases. */
  holder: string;
  clock: Clock;
  /** Longer than the slowest renewal (HTTP time-out plus margin), so a lease never lapses mid-flight. */
  leaseMs: number;
  /** How long to wait between looks while another agent holds the lease. */
  pollMs?: number;
}

const parse = (item: Versioned | null): { record: SharedRecord; version: number } => {
  if (item === null) return { record: { session: null, lease: null }, version: 0 };
  return { record: JSON.parse(item.value) as SharedRecord, version: item.version };
};

/**
 * One account's session shared by several agents through a compare-and-set store.
 *
 * - Hand-out reads the store's record: another agent may have rotated the tokens, and a server
 *   that revokes the old access token on refresh would refuse a copy cached here.
 * - Renewal first takes a lease by CAS; only the lease holder sends the refresh token. Others
 *   wait for its result (or the lease's end), so a rotating refresh token is never sent twice.
 * - The new tokens are written by CAS over the leased version before anyone is handed them, so a
 *   rotated refresh token is never lost. A failed renewal releases the lease and keeps the session.
 */
export class SharedSession {
  constructor(private readonly options: SharedSessionOptions) {}

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimer(resolve, ms));
  }

  /** The current session with at least `minValidMs` left, renewed (once, by one agent) when it has less. */
  async fresh(minValidMs: number, renew: (current: TokenSet | null) => Promise<TokenSet>): Promise<TokenSet> {
    const { store, key, holder, clock, leaseMs } = this.options;
    for (;;) {
      const { record, version } = parse(await store.read(key));
      const now = clock.now();
      if (record.session !== null && record.session.expiresAt - now >= minValidMs) return record.session;
      if (record.lease !== null && record.lease.until > now && record.lease.holder !== holder) {
        await this.sleep(Math.min(this.options.pollMs ?? 250, record.lease.until - now));
        continue;
      }
      const lease = { holder, until: now + leaseMs };
      const taken = await store.compareAndSet(
        key,
        JSON.stringify({ session: record.session, lease } satisfies SharedRecord),
        version,
      );
      if (!taken.ok) continue;
      let next: TokenSet;
      try {
        next = await renew(record.session);
      } catch (error) {
        // Give the lease back at once, keeping whatever session there is for the next try.
        await store.compareAndSet(
          key,
          JSON.stringify({ session: record.session, lease: null } satisfies SharedRecord),
          taken.version,
        );
        throw error;
      }
      const written = await store.compareAndSet(
        key,
        JSON.stringify({ session: next, lease: null } satisfies SharedRecord),
        taken.version,
      );
      if (!written.ok)
        throw new WalletError(
          'internal',
          `the shared lease on ${key} lapsed during a renewal; renewals must finish within ${leaseMs} ms`,
        );
      return next;
    }
  }
}
