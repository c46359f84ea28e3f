import * as v from 'valibot';
import { TokenSetSchema } from './common/model-schema';
import type { TokenSet } from './model';
import type { SecretStore } from './secrets/secret-store';
import { settled } from './common/settled';
import { log } from './log/current';
import { registerSecret } from './log/redact';
import { clientSecretItem, passwordItem, serviceName, sessionItem, writeProbeItem } from './secrets/keychain-items';

/** Every token the wallet holds is scrubbed from any log line that would contain it. */
function registerSession(accountId: string, session: TokenSet): void {
  registerSecret(session.accessToken, { accountId, kind: 'access' });
  registerSecret(session.refreshToken, { accountId, kind: 'refresh' });
}

/** Whether the secret store answers; while it does not, the sole renewer keeps sessions in memory. */
export interface StoreHealth {
  available: boolean;
  /** When the store first failed (ms since the epoch); null while it answers. */
  since: number | null;
  /** The store's own one-line reason, never a secret. */
  message: string | null;
  /** Sessions kept in memory only, written when the store answers again. */
  unsaved: number;
}

export interface VaultOptions {
  /** Cache passwords in memory and hold session writes the store refuses (the home's only renewer). */
  exclusive: boolean;
  /** An unawaited session write that failed, reported rather than left unhandled. */
  onWriteError: (accountId: string, error: unknown) => void;
  /** The store became unavailable or available again, or an account's session was held or written. */
  onHealthChange?: (accountIds: string[]) => void;
  /** How often held sessions are retried (ms). */
  retryMs?: number;
  now?: () => number;
}

/**
 * An account's keychain items (password, session) behind the wallet: service `token-wallet:<wallet
 * id>`, one session cache in memory, and in exclusive mode a password cache, so the sole renewer
 * reads each secret once. Session writes of one account land in order.
 */
export class KeychainVault {
  private readonly passwords = new Map<string, string>();
  private readonly sessions = new Map<string, TokenSet>();
  private readonly sessionWrites = new Map<string, Promise<void>>();
  /** Sessions the store refused while unavailable: newest per account, written when it is back. */
  private readonly unsaved = new Map<string, TokenSet>();
  private failure: { since: number; message: string } | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Read once: a wallet's id never changes (ConfigStore.walletId), so a renewal's write waits for no lookup. */
  private knownService: string | null = null;

  constructor(
    private readonly secrets: SecretStore,
    private readonly walletId: () => Promise<string>,
    private readonly options: VaultOptions,
  ) {}

  health(): StoreHealth {
    return {
      available: this.failure === null,
      since: this.failure?.since ?? null,
      message: this.failure?.message ?? null,
      unsaved: this.unsaved.size,
    };
  }

  /** This account's newest session is in memory only. */
  isUnsaved(accountId: string): boolean {
    return this.unsaved.has(accountId);
  }

  /** Runs a store call, tracking whether the store answers. */
  private async tracked<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      if (this.failure !== null) this.recovered();
      return result;
    } catch (error) {
      if (this.options.exclusive) this.failed(error);
      throw error;
    }
  }

  private failed(error: unknown): void {
    if (this.failure !== null) return;
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    this.failure = { since: (this.options.now ?? Date.now)(), message };
    this.options.onHealthChange?.([...this.unsaved.keys()]);
    this.scheduleRetry();
  }

  private recovered(): void {
    this.failure = null;
    // Held sessions go out in the per-account order: a newer write queued meanwhile still lands last.
    const held = [...this.unsaved];
    for (const [accountId, session] of held) {
      if (this.unsaved.get(accountId) === session) {
        // A failure here puts the session back on hold; still worth a line with the account and cause.
        this.writeSession(accountId, session, true).catch((error: unknown) =>
          log.warn({ accountId, cause: error }, 'a held session could not be written yet'),
        );
      }
    }
    this.options.onHealthChange?.(held.map(([accountId]) => accountId));
  }

  /**
   * While unavailable, probes the store now and then with the oldest held session (or a probe item's
   * write: a listing of a locked keyring waits for an unlock prompt that never comes, 20 s and more).
   */
  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.failure === null) return;
      const first = this.unsaved.entries().next();
      const probe =
        first.done === true ? this.checkWritable() : this.writeSession(first.value[0], first.value[1], true);
      probe
        .catch((error: unknown) => log.debug({ cause: error }, 'the secret store still does not answer'))
        .finally(() => {
          if (this.failure !== null) this.scheduleRetry();
        });
    }, this.options.retryMs ?? 1000);
    this.retryTimer.unref();
  }

  /** Stops probing (the host is closing); returns what could not be written. */
  close(): StoreHealth {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    return this.health();
  }

  private async service(): Promise<string> {
    return (this.knownService ??= serviceName(await this.walletId()));
  }

  /** The password in memory (the sole renewer's cache), without a promise. */
  cachedPassword(accountId: string): string | undefined {
    return this.passwords.get(accountId);
  }

  async password(accountId: string): Promise<string | null> {
    const password =
      this.passwords.get(accountId) ??
      (await this.tracked(async () => this.secrets.get(await this.service(), passwordItem(accountId))));
    if (password !== null && this.options.exclusive) this.passwords.set(accountId, password);
    registerSecret(password, { accountId, kind: 'password' });
    return password;
  }

  /**
   * Throws the store's own error when it takes no writes. A locked keyring answers every read with
   * "no such item", so a missing password is told apart from a locked keychain before the user is
   * sent to set a password that is still there (called only on that path: one item written, removed).
   */
  async checkWritable(): Promise<void> {
    const service = await this.service();
    await this.tracked(async () => {
      await this.secrets.set(service, writeProbeItem, 'probe');
      await this.secrets.delete(service, writeProbeItem);
    });
  }

  async setPassword(accountId: string, password: string): Promise<void> {
    registerSecret(password, { accountId, kind: 'password' });
    this.passwords.delete(accountId);
    await this.tracked(async () => this.secrets.set(await this.service(), passwordItem(accountId), password));
  }

  /** An OAuth2 confidential client's secret: a keychain item of its own, never cached in memory. */
  async clientSecret(accountId: string): Promise<string | null> {
    return this.secrets.get(await this.service(), clientSecretItem(accountId));
  }

  async setClientSecret(accountId: string, secret: string): Promise<void> {
    await this.secrets.set(await this.service(), clientSecretItem(accountId), secret);
  }

  /** Drops the cached password, so an edit made elsewhere is read at the next login. */
  forgetCachedPassword(accountId: string): void {
    this.passwords.delete(accountId);
  }

  /** The session in memory, without a keychain read. */
  cached(accountId: string): TokenSet | undefined {
    return this.sessions.get(accountId);
  }

  remember(accountId: string, session: TokenSet): void {
    registerSession(accountId, session);
    this.sessions.set(accountId, session);
  }

  /** The session, from memory or the keychain. */
  async session(accountId: string): Promise<TokenSet | null> {
    return this.sessions.get(accountId) ?? this.readSession(accountId);
  }

  async readSession(accountId: string): Promise<TokenSet | null> {
    // A session only in memory is newer than whatever the store holds.
    const held = this.unsaved.get(accountId);
    if (held !== undefined) return held;
    const text = await this.tracked(async () => this.secrets.get(await this.service(), sessionItem(accountId)));
    if (text === null) {
      this.sessions.delete(accountId);
      return null;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (v.is(TokenSetSchema, parsed)) {
        registerSession(accountId, parsed);
        this.sessions.set(accountId, parsed);
        // The sole renewer reads the password with the session: renewals then go on if the keychain goes away.
        if (this.options.exclusive && !this.passwords.has(accountId)) {
          this.password(accountId).catch((error: unknown) =>
            log.warn(
              { accountId, cause: error },
              'the password could not be read ahead; a keychain outage would stop this account',
            ),
          );
        }
        return parsed;
      }
    } catch {
      // A damaged item is as good as none: the next renewal logs in again.
    }
    return null;
  }

  /**
   * Keychain writes of one account's session, in order, so an older one never lands after a newer one.
   * The sole renewer keeps a session the store refuses in memory (it keeps serving it) and writes it
   * when the store answers again; other processes see the failure.
   */
  writeSession(accountId: string, session: TokenSet, onlyIfHeld = false): Promise<void> {
    const previous = this.sessionWrites.get(accountId);
    const writeNow = async (): Promise<void> => {
      // A retry of a held session that a newer write has replaced meanwhile must not land after it.
      if (onlyIfHeld && this.unsaved.get(accountId) !== session) return;
      try {
        // tracked(), inlined: one renewal's write is two promises fewer (10,000 accounts: ~350 a second).
        const service = this.knownService ?? (await this.service());
        await this.secrets.set(service, sessionItem(accountId), JSON.stringify(session));
        if (this.failure !== null) this.recovered();
        const held = this.unsaved.get(accountId);
        if (held !== undefined && held.issuedAt <= session.issuedAt) {
          this.unsaved.delete(accountId);
          this.options.onHealthChange?.([accountId]);
        }
      } catch (error) {
        if (!this.options.exclusive) throw error;
        this.failed(error);
        this.hold(accountId, session);
      }
    };
    // No write of this account under way (the usual case): no wait for one.
    const write = previous === undefined ? writeNow() : settled(previous).then(writeNow);
    const tracked = write.finally(() => {
      if (this.sessionWrites.get(accountId) === tracked) this.sessionWrites.delete(accountId);
    });
    this.sessionWrites.set(accountId, tracked);
    tracked.catch((error: unknown) => this.options.onWriteError(accountId, error));
    return write;
  }

  private hold(accountId: string, session: TokenSet): void {
    const newer = this.sessions.get(accountId);
    // Only the newest session matters: an older one that failed after a newer one was held is dropped.
    if (newer !== undefined && newer !== session && newer.issuedAt > session.issuedAt) return;
    const held = this.unsaved.get(accountId);
    if (held !== undefined && held.issuedAt > session.issuedAt) return;
    this.unsaved.set(accountId, session);
    this.options.onHealthChange?.([accountId]);
    this.scheduleRetry();
  }

  async deleteSession(accountId: string): Promise<void> {
    await settled(this.sessionWrites.get(accountId));
    this.sessions.delete(accountId);
    this.unsaved.delete(accountId);
    await this.tracked(async () => this.secrets.delete(await this.service(), sessionItem(accountId)));
  }

  /** Every item of the account: its password, client secret and session. */
  async deleteAll(accountId: string): Promise<void> {
    await this.deleteSession(accountId);
    this.passwords.delete(accountId);
    await this.tracked(async () => this.secrets.delete(await this.service(), passwordItem(accountId)));
    await this.tracked(async () => this.secrets.delete(await this.service(), clientSecretItem(accountId)));
  }
}
