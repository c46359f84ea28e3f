import { randomUUID } from 'node:crypto';
import { validateAccountInput, type AccountInput } from './account-input';
import type { WalletApi } from './contract';
import { WalletError, toWalletError, usageError } from './errors';
import { httpRequest, type HttpTransport } from './http/http-client';
import type { AccountRecord, AccountView, TokenSet } from './model';
import type { LoginResult, Provider, ProviderContext, ProviderMeta, SignInInteraction } from './providers/provider';
import { providerCatalog, providerFor } from './providers/registry';
import { isUsable } from './common/renewal-policy';
import { KeychainVault, type StoreHealth } from './keychain-vault';
import type { SecretStore } from './secrets/secret-store';
import { buildSnippet, type SnippetKind } from './snippets';
import { ConfigStore, emptyAccountState, type StoredAccountState } from './store/config-store';
import { withFileLock } from './store/files';
import { accountView } from './account-view';
import { Listeners } from './listeners';
import { didYouMean } from './suggest';
import { movedDestination, usesPassword } from './account-input';
import { settled } from './common/settled';
import { providerContext } from './provider-context';
import { log } from './log/current';
import { signInByAfterRenewal } from './auth/oauth/session-end';

export interface WalletOptions {
  home: string;
  secrets: SecretStore;
  http?: HttpTransport;
  now?: () => number;
  /**
   * This process is the home's only renewer (the agent, or the app hosting it: every CLI call goes
   * through its socket). Then the cross-process lock files and keychain re-reads can be skipped.
   */
  exclusive?: boolean;
  /** The person at this machine, for browser and device-code sign-ins; absent: those accounts report "needs sign-in". */
  interaction?: SignInInteraction;
}

export type WalletEvent =
  | { type: 'account-changed'; accountId: string }
  | { type: 'account-removed'; accountId: string }
  | { type: 'renewal-started'; accountId: string }
  | { type: 'renewed'; accountId: string; expiresAt: number }
  | { type: 'renewal-failed'; accountId: string; error: WalletError };

export interface AddOptions {
  /** Log in once before saving (the session is kept); a rejection or failure saves nothing. */
  verify?: boolean;
  /** An OAuth2 confidential client's secret, kept in a keychain item of its own. */
  clientSecret?: string;
}

export interface UpdateOptions {
  clientSecret?: string;
}

export interface FreshToken {
  token: string;
  expiresAt: number;
}

/** Why a renewal is asked for: `ensure` accepts a token another caller just renewed; `force` always asks the server. */
type RenewReason = 'ensure' | 'force';

/**
 * The facade every host uses (CLI, agent, Electron main, browser dashboard). It owns the accounts,
 * their secrets and the one renewal in flight per account, within this process and, through lock
 * files in the wallet home, across processes.
 *
 * Over 300 lines because accounts (config), sessions and renewal still share this class; views
 * (account-view.ts), secrets (keychain-vault.ts) and provider contexts (provider-context.ts) are
 * out already. Splitting the rest by job is the open part of issue #13.
 */
export class Wallet implements WalletApi {
  readonly store: ConfigStore;
  private readonly vault: KeychainVault;
  private readonly http: HttpTransport;
  private readonly now: () => number;
  private readonly exclusive: boolean;
  private readonly interaction: SignInInteraction | undefined;
  private readonly inflight = new Map<string, Promise<TokenSet>>();
  private readonly listeners = new Listeners<WalletEvent>();
  /** Accounts by name and by id, rebuilt when the config is re-read. */
  private index: { source: AccountRecord[]; byKey: Map<string, AccountRecord> } | null = null;
  /** The host's scheduler, when one runs here: views then say when each account renews next. */
  private nextRenewalSource: ((accountId: string) => number | null) | null = null;

  constructor(options: WalletOptions) {
    this.store = new ConfigStore(options.home, { writeBehindState: options.exclusive === true });
    // An unawaited session write that fails is reported like any renewal failure.
    this.vault = new KeychainVault(options.secrets, () => this.store.walletId(), {
      exclusive: options.exclusive === true,
      onWriteError: (accountId, error) => this.emit({ type: 'renewal-failed', accountId, error: toWalletError(error) }),
      // Views say "keychain unavailable" and which sessions are in memory only: hosts redraw them.
      onHealthChange: (accountIds) => {
        for (const accountId of accountIds) this.emit({ type: 'account-changed', accountId });
      },
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    this.http = options.http ?? httpRequest;
    this.now = options.now ?? Date.now;
    this.exclusive = options.exclusive === true;
    this.interaction = options.interaction;
  }

  /** Runs work under the account's lock file, unless this process is the only renewer. */
  private withAccountLock<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    return this.exclusive ? work() : withFileLock(this.store.lockFile(`account-${accountId}`), work);
  }

  setNextRenewalSource(source: (accountId: string) => number | null): void {
    this.nextRenewalSource = source;
  }

  get home(): string {
    return this.store.home;
  }

  onEvent(listener: (event: WalletEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  private emit(event: WalletEvent): void {
    this.listeners.emit(event);
  }

  async providers(): Promise<ProviderMeta[]> {
    return providerCatalog(this.home);
  }

  async accounts(): Promise<AccountRecord[]> {
    return (await this.store.read()).accounts;
  }

  async find(name: string): Promise<AccountRecord> {
    const accounts = await this.accounts();
    if (this.index?.source !== accounts) {
      const byKey = new Map<string, AccountRecord>();
      for (const candidate of accounts) {
        byKey.set(candidate.id, candidate);
        byKey.set(candidate.name, candidate);
      }
      this.index = { source: accounts, byKey };
    }
    const account = this.index.byKey.get(name);
    if (account === undefined) {
      const hint = didYouMean(
        name,
        accounts.map((candidate) => candidate.name),
      );
      throw new WalletError(
        'usage',
        hint === '' ? `no account named "${name}"; see token-wallet list` : `no account "${name}"${hint}`,
        { unknownAccount: true },
      );
    }
    return account;
  }

  async list(): Promise<AccountView[]> {
    const [accounts, state] = await Promise.all([this.accounts(), this.store.readState()]);
    return accounts.map((account) => this.view(account, state.accounts[account.id] ?? emptyAccountState()));
  }

  async get(name: string): Promise<AccountView> {
    const account = await this.find(name);
    return this.view(account, await this.store.readAccountState(account.id));
  }

  view(account: AccountRecord, state: StoredAccountState): AccountView {
    const view = accountView(account, state, {
      now: this.now(),
      renewing: this.inflight.has(account.id),
      ...(this.nextRenewalSource === null ? {} : { nextRenewalAt: this.nextRenewalSource(account.id) }),
    });
    const health = this.vault.health();
    if (!health.available) view.secretStore = { available: false, since: health.since, message: health.message };
    if (this.vault.isUnsaved(account.id)) view.unsavedSession = true;
    return view;
  }

  /** Whether the secret store answers, and how many sessions wait in memory for it. */
  storeHealth(): StoreHealth {
    return this.vault.health();
  }

  /** Stops retrying held writes; says what stays unwritten. */
  closeSecrets(): StoreHealth {
    return this.vault.close();
  }

  async add(input: AccountInput, password: string, options: AddOptions = {}): Promise<AccountView> {
    const valid = validateAccountInput(input, this.home);
    if (password === '' && usesPassword(valid)) throw usageError('the password is empty', 'password');
    if (options.clientSecret !== undefined && options.clientSecret === '')
      throw usageError('the client secret is empty', 'clientSecret');
    const existing = await this.accounts();
    if (existing.some((account) => account.name === valid.name)) {
      throw new WalletError('usage', `an account named "${valid.name}" already exists`, {
        account: valid.name,
        field: 'name',
      });
    }
    const record: AccountRecord = { id: randomUUID(), ...valid, createdAt: new Date(this.now()).toISOString() };
    // The check is the first login: its token is kept, so the first `token` costs nothing.
    const verified = options.verify === true ? await this.loginNew(record, password, options.clientSecret) : null;
    // Secret first: an account in the config without its password would be useless. Browser,
    // device and client-credentials accounts have no password (keychains refuse empty items).
    if (password !== '') await this.vault.setPassword(record.id, password);
    if (options.clientSecret !== undefined) await this.vault.setClientSecret(record.id, options.clientSecret);
    try {
      await this.store.update((config) => {
        if (config.accounts.some((account) => account.name === record.name)) {
          throw new WalletError('usage', `an account named "${record.name}" already exists`, {
            account: record.name,
            field: 'name',
          });
        }
        config.accounts.push(record);
      });
    } catch (error) {
      await this.vault.deleteAll(record.id);
      throw error;
    }
    if (verified !== null) await this.keepSession(record.id, verified);
    this.emit({ type: 'account-changed', accountId: record.id });
    return this.get(record.id);
  }

  private async loginNew(
    record: AccountRecord,
    password: string,
    clientSecret: string | undefined,
  ): Promise<LoginResult> {
    try {
      return await providerFor(record.provider, this.home).login(
        await this.contextWith(record, password, clientSecret),
      );
    } catch (error) {
      throw toWalletError(error).withContext(record.name, new URL(record.url).origin);
    }
  }

  /** Stores a session obtained outside a renewal (the check of `add`) like a renewal's. */
  private async keepSession(accountId: string, result: LoginResult): Promise<void> {
    const session: TokenSet = {
      accessToken: result.accessToken,
      ...(result.refreshToken === undefined ? {} : { refreshToken: result.refreshToken }),
      issuedAt: result.issuedAt,
      expiresAt: result.expiresAt,
    };
    await this.vault.writeSession(accountId, session);
    this.vault.remember(accountId, session);
    await this.store.updateState(accountId, (state) => ({
      ...state,
      issuedAt: session.issuedAt,
      expiresAt: session.expiresAt,
      signInBy: result.refreshExpiresAt ?? null,
      lastRenewalAt: this.now(),
      throttledUntil: result.throttledUntil ?? null,
    }));
  }

  /**
   * Edit an account. A new password replaces the old one for the next login; a still-valid token
   * keeps being served. Changing where or how the password is sent needs the password in the same
   * call (else anyone able to call this could send it to their own server). Changing server or
   * user ends the session.
   */
  async update(
    name: string,
    input: Partial<AccountInput>,
    password?: string,
    options: UpdateOptions = {},
  ): Promise<AccountView> {
    // Over JSON an absent password arrives as null when options follow it.
    if ((password as unknown) === null) password = undefined;
    const current = await this.find(name);
    const merged: AccountInput = {
      name: input.name ?? current.name,
      provider: input.provider ?? current.provider,
      url: input.url ?? current.url,
      username: input.username ?? current.username,
      options: input.options ?? current.options,
      ...(input.caFile !== undefined
        ? { caFile: input.caFile }
        : current.caFile === undefined
          ? {}
          : { caFile: current.caFile }),
      allowHttp: input.allowHttp ?? current.allowHttp ?? false,
      ...(input.allowOrigins !== undefined
        ? { allowOrigins: input.allowOrigins }
        : current.allowOrigins === undefined
          ? {}
          : { allowOrigins: current.allowOrigins }),
      ...(input.policy !== undefined
        ? { policy: input.policy }
        : current.policy === undefined
          ? {}
          : { policy: current.policy }),
    };
    const valid = validateAccountInput(merged, this.home);
    if (password !== undefined && password === '') throw usageError('the password is empty', 'password');
    if (options.clientSecret !== undefined && options.clientSecret === '')
      throw usageError('the client secret is empty', 'clientSecret');
    const record: AccountRecord = { ...valid, id: current.id, createdAt: current.createdAt };
    const moved = movedDestination(current, record);
    // Each stored secret that would go to the new place must be given again: the client secret too.
    if (moved.length > 0 && options.clientSecret === undefined && (await this.vault.clientSecret(record.id)) !== null) {
      throw new WalletError(
        'usage',
        `changing the ${moved.join(', ')} would send the stored client secret to a new place; give the client secret again in the same edit`,
        {
          account: current.name,
          server: new URL(current.url).origin,
          field: 'clientSecret',
        },
      );
    }
    const passwordTravels =
      usesPassword(record) || (options.clientSecret === undefined && (await this.vault.password(record.id)) !== null);
    if (moved.length > 0 && password === undefined && passwordTravels) {
      const secret =
        record.options.grant === 'client_credentials' || current.options.grant === 'client_credentials'
          ? 'client secret'
          : 'password';
      throw new WalletError(
        'usage',
        `changing the ${moved.join(', ')} would send the stored ${secret} to a new place; give the ${secret} again in the same edit`,
        {
          account: current.name,
          server: new URL(current.url).origin,
          field: 'password',
        },
      );
    }
    const identityChanged = moved.length > 0 || record.username !== current.username;
    await this.store.update((config) => {
      if (config.accounts.some((account) => account.name === record.name && account.id !== record.id)) {
        throw new WalletError('usage', `an account named "${record.name}" already exists`, {
          account: record.name,
          field: 'name',
        });
      }
      const index = config.accounts.findIndex((account) => account.id === record.id);
      if (index < 0) throw new WalletError('usage', `no account named "${name}"`, { account: name });
      config.accounts[index] = record;
    });
    this.vault.forgetCachedPassword(record.id);
    if (password !== undefined) await this.vault.setPassword(record.id, password);
    if (options.clientSecret !== undefined) await this.vault.setClientSecret(record.id, options.clientSecret);
    if (identityChanged) {
      await this.forgetSession(record.id);
    } else if (password !== undefined || options.clientSecret !== undefined) {
      // A new password answers "needs attention"; the token it has (if any) stays in use.
      await this.store.updateState(record.id, (state) => ({ ...state, needsAttention: false, lastError: null }));
    }
    this.emit({ type: 'account-changed', accountId: record.id });
    return this.get(record.id);
  }

  /** Removes the account and every keychain item of it, logging out first where the API has a logout. */
  async remove(name: string): Promise<void> {
    const account = await this.find(name);
    const provider = providerFor(account.provider, this.home);
    if (provider.logout !== undefined) {
      try {
        await this.logout(account.name);
      } catch {
        // Removal must work offline too; the server ends the session at its expiry.
      }
    }
    await this.store.update((config) => {
      config.accounts = config.accounts.filter((candidate) => candidate.id !== account.id);
    });
    await this.vault.deleteAll(account.id);
    await this.store.updateState(account.id, () => null);
    this.emit({ type: 'account-removed', accountId: account.id });
  }

  /**
   * A token with enough time left for the caller to use it (renewed first when not), and at least
   * `minValidMs` left when the caller asks for that (a long job); when even a new token is shorter,
   * an `unexpected` error says how long the API's tokens live.
   */
  async freshToken(name: string, minValidMs = 0): Promise<FreshToken> {
    const account = await this.find(name);
    await this.userWantsSession(account.id);
    const enough = (session: TokenSet): boolean =>
      isUsable(session, this.now()) && session.expiresAt - this.now() >= minValidMs;
    const cached = await this.vault.session(account.id);
    let session = cached !== null && enough(cached) ? cached : await this.renewAccount(account, 'ensure');
    // Usable but too short for this caller: a new token, once.
    if (!enough(session)) session = await this.renewAccount(account, 'force');
    if (!enough(session)) {
      const lifetimeSec = Math.round((session.expiresAt - session.issuedAt) / 1000);
      throw new WalletError(
        'unexpected',
        `the API issues tokens valid for ${lifetimeSec} s, less than the ${Math.ceil(minValidMs / 1000)} s asked for`,
        {
          account: account.name,
          server: new URL(account.url).origin,
        },
      );
    }
    return { token: session.accessToken, expiresAt: session.expiresAt };
  }

  /** Renew now, whatever time the current token has left. */
  async renew(name: string): Promise<AccountView> {
    const account = await this.find(name);
    await this.userWantsSession(account.id);
    await this.renewAccount(account, 'force');
    return this.get(account.id);
  }

  /** For the scheduler: renew by id and report the outcome rather than throw. */
  async renewById(
    accountId: string,
  ): Promise<
    | { ok: true; issuedAt: number; expiresAt: number }
    | { ok: false; error: WalletError; tokenStillValidUntil: number | null; loggedOut?: boolean }
  > {
    try {
      const account = await this.find(accountId);
      if ((await this.store.readAccountState(account.id)).loggedOut === true) {
        return {
          ok: false,
          error: new WalletError('usage', 'logged out'),
          tokenStillValidUntil: null,
          loggedOut: true,
        };
      }
      // The scheduler: nobody is waiting at a browser, so a sign-in is never started from here.
      const session = await this.renewAccount(account, 'force', false);
      return { ok: true, issuedAt: session.issuedAt, expiresAt: session.expiresAt };
    } catch (error) {
      const current = this.vault.cached(accountId);
      const validUntil = current !== undefined && current.expiresAt > this.now() ? current.expiresAt : null;
      return { ok: false, error: toWalletError(error), tokenStillValidUntil: validUntil };
    }
  }

  /** Checks the credentials with the server. APIs without a test endpoint log in, and the wallet keeps that session. */
  async test(name: string): Promise<AccountView> {
    const account = await this.find(name);
    const provider = providerFor(account.provider, this.home);
    if (provider.test !== undefined) {
      const context = await this.context(account);
      await this.recordOutcome(account, async () => {
        await provider.test?.(context);
      });
      await this.store.updateState(account.id, (state) => ({ ...state, lastError: null, needsAttention: false }));
      return this.get(account.id);
    }
    if (provider.logout !== undefined) {
      // One session per account (Veeam): end the current one before the test opens another.
      await this.logout(account.name).catch((error: unknown) =>
        log.warn(
          { account: account.name, cause: error },
          'logout before a credentials test failed; the server may hold two sessions',
        ),
      );
    }
    await this.userWantsSession(account.id);
    await this.renewAccount(account, 'login');
    return this.get(account.id);
  }

  /** Checks a not-yet-saved account's credentials; nothing is stored, and a session opened for the check is closed. */
  async testNew(input: AccountInput, password: string): Promise<void> {
    const valid = validateAccountInput(input, this.home);
    if (password === '' && usesPassword(valid)) throw usageError('the password is empty', 'password');
    const account: AccountRecord = { id: 'unsaved', ...valid, createdAt: new Date(this.now()).toISOString() };
    const provider = providerFor(account.provider, this.home);
    const context = await this.contextWith(account, password);
    try {
      if (provider.test !== undefined) {
        await provider.test(context);
        return;
      }
      const session = await provider.login(context);
      if (provider.logout !== undefined) {
        await provider
          .logout(context, session)
          .catch((error: unknown) =>
            log.warn(
              { account: account.name, cause: error },
              'the session opened to check new credentials could not be closed',
            ),
          );
      }
    } catch (error) {
      throw toWalletError(error).withContext(account.name, new URL(account.url).origin);
    }
  }

  /** The user asks for a session again (after a logout): a token they have is kept, else a login. */
  async login(name: string): Promise<AccountView> {
    const account = await this.find(name);
    await this.userWantsSession(account.id);
    await this.renewAccount(account, 'ensure');
    return this.get(account.id);
  }

  /** The user asked for a token, a renewal or a login: a logout of theirs no longer holds. */
  private async userWantsSession(accountId: string): Promise<void> {
    if ((await this.store.readAccountState(accountId)).loggedOut !== true) return;
    await this.store.updateState(accountId, (state) => ({ ...state, loggedOut: false }));
  }

  /**
   * Ends the session at the server where the API has a logout, and forgets the tokens either way.
   * The user's logout is remembered (nothing logs in until they ask); `remember: false` is for the
   * app's own log-out-on-quit, after which the next start logs in as usual.
   */
  async logout(name: string, options: { remember?: boolean } = {}): Promise<AccountView> {
    const account = await this.find(name);
    const provider = providerFor(account.provider, this.home);
    // A renewal in flight would bring the session back after the logout.
    await settled(this.inflight.get(account.id));
    await this.withAccountLock(account.id, async () => {
      const session = await this.vault.session(account.id);
      // An OIDC refresh token outlives its access token and is revoked (RFC 7009) even after that expired.
      const revocable = account.provider === 'oidc' && session?.refreshToken !== undefined;
      if (session !== null && provider.logout !== undefined && (session.expiresAt > this.now() || revocable)) {
        const context = await this.context(account);
        try {
          await provider.logout(context, session);
        } catch (error) {
          throw toWalletError(error).withContext(account.name, new URL(account.url).origin);
        }
      }
      await this.forgetSession(account.id);
      // Kept in the state file, so that nothing (scheduler, start-up, another host) logs in again until asked.
      if (options.remember !== false)
        await this.store.updateState(account.id, (state) => ({ ...state, loggedOut: true }));
    });
    this.emit({ type: 'account-changed', accountId: account.id });
    return this.get(account.id);
  }

  async snippet(name: string, kind: SnippetKind, path?: string): Promise<{ text: string; expiresAt: number }> {
    const account = await this.find(name);
    const meta = providerFor(account.provider, this.home).meta;
    // Checked before renewing, so a bad path costs no token request.
    buildSnippet(kind, account, meta, '', path);
    const fresh = await this.freshToken(name);
    return { text: buildSnippet(kind, account, meta, fresh.token, path), expiresAt: fresh.expiresAt };
  }

  private async forgetSession(accountId: string): Promise<void> {
    await this.vault.deleteSession(accountId);
    await this.store.updateState(accountId, (state) => ({
      ...state,
      issuedAt: null,
      expiresAt: null,
      signInBy: null,
      needsAttention: false,
      lastError: null,
    }));
  }

  /** `person`: someone asked (CLI, dashboard), so a browser or device sign-in may ask them. */
  private async context(account: AccountRecord, person = true): Promise<ProviderContext> {
    const password = (await this.vault.password(account.id)) ?? (usesPassword(account) ? null : '');
    if (password === null) {
      throw new WalletError(
        'config',
        'no password in the keychain for this account; set it again with token-wallet edit --password',
        {
          account: account.name,
        },
      );
    }
    const clientSecret =
      account.provider === 'oauth2' || account.provider === 'oidc' ? await this.vault.clientSecret(account.id) : null;
    return this.contextWith(account, password, clientSecret ?? undefined, person);
  }

  private contextWith(
    account: AccountRecord,
    password: string,
    clientSecret?: string,
    person = true,
  ): Promise<ProviderContext> {
    return providerContext({
      account,
      password,
      http: this.http,
      now: this.now,
      ...(clientSecret === undefined ? {} : { clientSecret }),
      ...(this.interaction === undefined || !person ? {} : { interaction: this.interaction }),
    });
  }

  /** One renewal per account: callers in this process share the promise; other processes wait on the lock file. */
  private renewAccount(account: AccountRecord, reason: RenewReason | 'login', person = true): Promise<TokenSet> {
    const running = this.inflight.get(account.id);
    if (running !== undefined) return running;
    const seenToken = this.vault.cached(account.id)?.accessToken;
    const work = this.withAccountLock(account.id, async () => {
      const current = this.exclusive ? await this.vault.session(account.id) : await this.vault.readSession(account.id);
      if (reason === 'ensure' && current !== null && isUsable(current, this.now())) return current;
      // Another process renewed while we waited for the lock: its token is as new as ours would be.
      if (
        reason === 'force' &&
        !this.exclusive &&
        current !== null &&
        seenToken !== undefined &&
        current.accessToken !== seenToken
      )
        return current;
      return this.renewLocked(account, current, reason === 'login', person);
    }).finally(() => {
      this.inflight.delete(account.id);
      this.emit({ type: 'account-changed', accountId: account.id });
    });
    this.inflight.set(account.id, work);
    this.emit({ type: 'renewal-started', accountId: account.id });
    return work;
  }

  private async renewLocked(
    account: AccountRecord,
    current: TokenSet | null,
    loginOnly: boolean,
    person: boolean,
  ): Promise<TokenSet> {
    const provider = providerFor(account.provider, this.home);
    const state = await this.store.readAccountState(account.id);
    const server = new URL(account.url).origin;
    if (
      state.throttledUntil != null &&
      state.throttledUntil > this.now() &&
      (current === null || provider.renew === undefined || loginOnly)
    ) {
      throw new WalletError(
        'unexpected',
        `rate limited: the server takes no new token request before ${new Date(state.throttledUntil).toISOString()}`,
        {
          account: account.name,
          server,
          rateLimited: true,
          retryAt: state.throttledUntil,
        },
      );
    }
    const result = await this.recordOutcome(account, async () => {
      const context = await this.context(account, person);
      return this.obtain(provider, context, loginOnly ? null : current);
    });
    const session: TokenSet = {
      accessToken: result.accessToken,
      ...(result.refreshToken === undefined ? {} : { refreshToken: result.refreshToken }),
      issuedAt: result.issuedAt,
      expiresAt: result.expiresAt,
    };
    const write = this.vault.writeSession(account.id, session);
    // A rotated refresh token is stored before anyone sees the new access token: it must never be lost.
    // Without one, the sole renewer (the agent) hands the token out while the keychain write finishes.
    if (session.refreshToken !== undefined || !this.exclusive) await write;
    this.vault.remember(account.id, session);
    // A refresh token kept as it was keeps its end; so does a session with a configured maximum.
    const keptRefresh = current?.refreshToken !== undefined && current.refreshToken === session.refreshToken;
    await this.store.updateState(account.id, (previous) => ({
      ...previous,
      signInBy: signInByAfterRenewal(account, result, previous.signInBy, keptRefresh),
      issuedAt: session.issuedAt,
      expiresAt: session.expiresAt,
      lastRenewalAt: this.now(),
      lastError: null,
      needsAttention: false,
      loggedOut: false,
      throttledUntil: result.throttledUntil ?? null,
    }));
    this.emit({ type: 'renewed', accountId: account.id, expiresAt: session.expiresAt });
    return session;
  }

  /** The cheapest valid route: refresh or re-authenticate where the API allows it, else (or when refused) log in. */
  private async obtain(provider: Provider, context: ProviderContext, current: TokenSet | null): Promise<LoginResult> {
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

  /** Runs a server exchange, recording success or failure in the account's state. */
  private async recordOutcome<T>(account: AccountRecord, exchange: () => Promise<T>): Promise<T> {
    try {
      return await exchange();
    } catch (caught) {
      const error = toWalletError(caught).withContext(account.name, new URL(account.url).origin);
      await this.store.updateState(account.id, (state) => ({
        ...state,
        lastError: { kind: error.kind, message: error.message, at: this.now() },
        needsAttention: error.kind === 'credentials' ? true : (state.needsAttention ?? false),
        ...(error.details.retryAt === undefined ? {} : { throttledUntil: error.details.retryAt }),
      }));
      this.emit({ type: 'renewal-failed', accountId: account.id, error });
      throw error;
    }
  }
}
