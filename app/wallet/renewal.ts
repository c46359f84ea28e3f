import { WalletError, toWalletError } from '../errors';
import type { AccountRecord, TokenSet } from '../model';
import type { LoginResult, Provider, ProviderContext } from '../providers/provider';
import { providerFor } from '../providers/registry';
import { isUsable } from '../common/renewal-policy';
import type { KeychainVault } from '../keychain-vault';
import type { ConfigStore } from '../store/config-store';
import { withFileLock } from '../store/files';
import { settled } from '../common/settled';
import type { Sessions } from './sessions';
import type { WalletEvent } from './events';

/**
 * Why a renewal is asked for: `ensure` accepts a token another caller just renewed; `force` always asks the server;
 * `login` skips a refresh.
 */
export type RenewReason = 'ensure' | 'force' | 'login';

export interface RenewerDeps {
  store: ConfigStore;
  vault: KeychainVault;
  sessions: Sessions;
  now: () => number;
  exclusive: boolean;
  emit: (event: WalletEvent) => void;
}

/**
 * The one renewal in flight per account: callers in this process share its promise, other
 * processes wait on the account's lock file (unless this process is the home's only renewer).
 */
export class Renewer {
  private readonly inflight = new Map<string, Promise<TokenSet>>();

  constructor(private readonly deps: RenewerDeps) {}

  isRenewing(accountId: string): boolean {
    return this.inflight.has(accountId);
  }

  /** Waits for a renewal in flight to end, however it ends (a logout must not be undone by it). */
  async settle(accountId: string): Promise<void> {
    await settled(this.inflight.get(accountId));
  }

  /** Runs work under the account's lock file, unless this process is the only renewer. */
  withAccountLock<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    const { exclusive, store } = this.deps;
    return exclusive ? work() : withFileLock(store.lockFile(`account-${accountId}`), work);
  }

  renew(account: AccountRecord, reason: RenewReason, person = true): Promise<TokenSet> {
    const running = this.inflight.get(account.id);
    if (running !== undefined) return running;
    const { vault, exclusive, now, emit } = this.deps;
    const seenToken = vault.cached(account.id)?.accessToken;
    const work = this.withAccountLock(account.id, async () => {
      const current = exclusive
        ? (vault.cached(account.id) ?? (await vault.session(account.id)))
        : await vault.readSession(account.id);
      if (reason === 'ensure' && current !== null && isUsable(current, now())) return current;
      // Another process renewed while we waited for the lock: its token is as new as ours would be.
      const renewedElsewhere = !exclusive && current !== null && seenToken !== undefined;
      if (reason === 'force' && renewedElsewhere && current.accessToken !== seenToken) return current;
      return this.renewLocked(account, current, reason === 'login', person);
    }).finally(() => {
      this.inflight.delete(account.id);
      emit({ type: 'account-changed', accountId: account.id });
    });
    this.inflight.set(account.id, work);
    emit({ type: 'renewal-started', accountId: account.id });
    return work;
  }

  private async renewLocked(
    account: AccountRecord,
    current: TokenSet | null,
    loginOnly: boolean,
    person: boolean,
  ): Promise<TokenSet> {
    const { store, sessions, now, emit } = this.deps;
    const provider = providerFor(account.provider, store.home);
    const state = store.knownAccountState(account.id) ?? (await store.readAccountState(account.id));
    const throttled = state.throttledUntil != null && state.throttledUntil > now();
    if (throttled && (current === null || provider.renew === undefined || loginOnly)) {
      throw new WalletError(
        'unexpected',
        `rate limited: the server takes no new token request before ` +
          `${new Date(state.throttledUntil ?? 0).toISOString()}`,
        {
          account: account.name,
          server: new URL(account.url).origin,
          rateLimited: true,
          retryAt: state.throttledUntil ?? 0,
        },
      );
    }
    let result: LoginResult;
    try {
      // From memory where the sole renewer holds the account's secrets: the exchange is the only wait.
      const context = sessions.knownContext(account, person) ?? (await sessions.context(account, person));
      result = await obtain(provider, context, loginOnly ? null : current);
    } catch (caught) {
      throw await this.recordFailure(account, caught);
    }
    const session = await sessions.keep(account, result, current);
    emit({ type: 'renewed', accountId: account.id, expiresAt: session.expiresAt });
    return session;
  }

  /** Runs a server exchange, recording success or failure in the account's state. */
  async recordOutcome<T>(account: AccountRecord, exchange: () => Promise<T>): Promise<T> {
    try {
      return await exchange();
    } catch (caught) {
      throw await this.recordFailure(account, caught);
    }
  }

  /** The failure in the account's state and an event; returns the error to throw (with account and server). */
  private async recordFailure(account: AccountRecord, caught: unknown): Promise<WalletError> {
    const { store, now, emit } = this.deps;
    const error = toWalletError(caught).withContext(account.name, new URL(account.url).origin);
    await store.updateState(account.id, (state) => ({
      ...state,
      lastError: { kind: error.kind, message: error.message, at: now() },
      needsAttention: error.kind === 'credentials' ? true : (state.needsAttention ?? false),
      ...(error.details.retryAt === undefined ? {} : { throttledUntil: error.details.retryAt }),
    }));
    emit({ type: 'renewal-failed', accountId: account.id, error });
    return error;
  }
}

/** The cheapest valid route: refresh or re-authenticate where the API allows it, else (or when refused) log in. */
async function obtain(provider: Provider, context: ProviderContext, current: TokenSet | null): Promise<LoginResult> {
  if (current !== null && provider.renew !== undefined) {
    try {
      return await provider.renew(context, current);
    } catch (error) {
      if (!(error instanceof WalletError) || error.kind !== 'credentials') throw error;
      // The refresh token was refused (expired, revoked, rotated elsewhere): a full login still may work.
    }
  }
  return provider.login(context);
}
