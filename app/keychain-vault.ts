import type { TokenSet } from './model';
import type { SecretStore } from './secrets/secret-store';

const serviceName = (walletId: string): string => `token-wallet:${walletId}`;
const passwordItem = (accountId: string): string => `${accountId}:password`;
const sessionItem = (accountId: string): string => `${accountId}:session`;
const clientSecretItem = (accountId: string): string => `${accountId}:client-secret`;

/**
 * An account's keychain items (password, session) behind the wallet: service `token-wallet:<wallet
 * id>`, one session cache in memory, and in exclusive mode a password cache, so the sole renewer
 * reads each secret once. Session writes of one account land in order.
 */
export class KeychainVault {
  private readonly passwords = new Map<string, string>();
  private readonly sessions = new Map<string, TokenSet>();
  private readonly sessionWrites = new Map<string, Promise<void>>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly walletId: () => Promise<string>,
    /** Cache passwords in memory (the home's only renewer), else re-read them each time. */
    private readonly cachePasswords: boolean,
    /** An unawaited session write that failed, reported rather than left unhandled. */
    private readonly onWriteError: (accountId: string, error: unknown) => void,
  ) {}

  private async service(): Promise<string> {
    return serviceName(await this.walletId());
  }

  async password(accountId: string): Promise<string | null> {
    const password = this.passwords.get(accountId) ?? (await this.secrets.get(await this.service(), passwordItem(accountId)));
    if (password !== null && this.cachePasswords) this.passwords.set(accountId, password);
    return password;
  }

  async setPassword(accountId: string, password: string): Promise<void> {
    this.passwords.delete(accountId);
    await this.secrets.set(await this.service(), passwordItem(accountId), password);
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
    this.sessions.set(accountId, session);
  }

  /** The session, from memory or the keychain. */
  async session(accountId: string): Promise<TokenSet | null> {
    return this.sessions.get(accountId) ?? this.readSession(accountId);
  }

  async readSession(accountId: string): Promise<TokenSet | null> {
    const text = await this.secrets.get(await this.service(), sessionItem(accountId));
    if (text === null) {
      this.sessions.delete(accountId);
      return null;
    }
    try {
      const parsed = JSON.parse(text) as TokenSet;
      if (typeof parsed.accessToken === 'string' && typeof parsed.expiresAt === 'number' && typeof parsed.issuedAt === 'number') {
        this.sessions.set(accountId, parsed);
        return parsed;
      }
    } catch {
      // A damaged item is as good as none: the next renewal logs in again.
    }
    return null;
  }

  /** Keychain writes of one account's session, in order, so an older one never lands after a newer one. */
  writeSession(accountId: string, session: TokenSet): Promise<void> {
    const previous = this.sessionWrites.get(accountId) ?? Promise.resolve();
    const write = previous
      .catch(() => undefined)
      .then(async () => this.secrets.set(await this.service(), sessionItem(accountId), JSON.stringify(session)));
    const tracked = write.finally(() => {
      if (this.sessionWrites.get(accountId) === tracked) this.sessionWrites.delete(accountId);
    });
    this.sessionWrites.set(accountId, tracked);
    tracked.catch((error: unknown) => this.onWriteError(accountId, error));
    return write;
  }

  async deleteSession(accountId: string): Promise<void> {
    await this.sessionWrites.get(accountId)?.catch(() => undefined);
    this.sessions.delete(accountId);
    await this.secrets.delete(await this.service(), sessionItem(accountId));
  }

  /** Every item of the account: its password, client secret and session. */
  async deleteAll(accountId: string): Promise<void> {
    await this.deleteSession(accountId);
    this.passwords.delete(accountId);
    await this.secrets.delete(await this.service(), passwordItem(accountId));
    await this.secrets.delete(await this.service(), clientSecretItem(accountId));
  }
}
