import type { AccountInput } from './account-input';
import type { WalletApi } from './contract';
import { WalletError, toWalletError } from './errors';
import { httpRequest, type HttpTransport } from './http/http-client';
import type { AccountRecord, AccountView, RemoveOutcome, TokenSet } from './model';
import type { ProviderMeta, SignInInteraction } from './providers/provider';
import { providerCatalog, providerFor } from './providers/registry';
import { isUsable } from './common/renewal-policy';
import { KeychainVault, type StoreHealth } from './keychain-vault';
import type { SecretStore } from './secrets/secret-store';
import { buildSnippet, type SnippetKind } from './snippets';
import { ConfigStore, emptyAccountState, type StoredAccountState } from './store/config-store';
import { accountView } from './account-view';
import { Listeners } from './listeners';
import { log } from './log/current';
import { AccountDirectory } from './wallet/accounts';
import type { WalletEvent } from './wallet/events';
import { Renewer } from './wallet/renewal';
import { AccountEditor, type AddOptions, type UpdateOptions } from './wallet/account-editor';
import { Sessions } from './wallet/sessions';

export type { WalletEvent } from './wallet/events';
export type { AddOptions, UpdateOptions } from './wallet/account-editor';

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
  /** The person at this machine, for browser and device-code sign-ins; absent: those say "needs sign-in". */
  interaction?: SignInInteraction;
}

export interface FreshToken {
  token: string;
  expiresAt: number;
}

/**
 * The facade every host uses (CLI, agent, Electron main, browser dashboard), composed of one part
 * per job: the account list (wallet/accounts.ts), sessions and their secrets (wallet/sessions.ts,
 * keychain-vault.ts), the one renewal in flight per account (wallet/renewal.ts) and the pure view
 * projection (account-view.ts). Each method here is the order in which those parts are asked.
 */
export class Wallet implements WalletApi {
  readonly store: ConfigStore;
  private readonly vault: KeychainVault;
  private readonly now: () => number;
  private readonly directory: AccountDirectory;
  private readonly sessions: Sessions;
  private readonly renewer: Renewer;
  private readonly editor: AccountEditor;
  private readonly listeners = new Listeners<WalletEvent>();
  /** The host's scheduler, when one runs here: views then say when each account renews next. */
  private nextRenewalSource: ((accountId: string) => number | null) | null = null;

  constructor(options: WalletOptions) {
    const exclusive = options.exclusive === true;
    this.store = new ConfigStore(options.home, { writeBehindState: exclusive });
    const emit = (event: WalletEvent): void => this.listeners.emit(event);
    // An unawaited session write that fails is reported like any renewal failure.
    this.vault = new KeychainVault(options.secrets, () => this.store.walletId(), {
      exclusive,
      onWriteError: (accountId, error) => emit({ type: 'renewal-failed', accountId, error: toWalletError(error) }),
      // Views say "keychain unavailable" and which sessions are in memory only: hosts redraw them.
      onHealthChange: (accountIds) => {
        for (const accountId of accountIds) emit({ type: 'account-changed', accountId });
      },
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    this.now = options.now ?? Date.now;
    const parts = { store: this.store, vault: this.vault, now: this.now, exclusive };
    this.directory = new AccountDirectory(this.store);
    this.sessions = new Sessions({ ...parts, http: options.http ?? httpRequest, interaction: options.interaction });
    this.renewer = new Renewer({ ...parts, sessions: this.sessions, emit });
    const logout = (name: string) => this.logout(name);
    this.editor = new AccountEditor({ ...parts, directory: this.directory, sessions: this.sessions, emit, logout });
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

  async providers(): Promise<ProviderMeta[]> {
    return providerCatalog(this.home);
  }

  accounts(): Promise<AccountRecord[]> {
    return this.directory.all();
  }

  find(name: string): Promise<AccountRecord> {
    return this.directory.find(name);
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
      renewing: this.renewer.isRenewing(account.id),
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
    return this.get(await this.editor.add(input, password, options));
  }

  /**
   * Edit an account. A new password replaces the old one for the next login; a still-valid token
   * keeps being served. Changing where the password is sent needs it again; changing server or
   * user ends the session (wallet/account-editor.ts).
   */
  async update(
    name: string,
    input: Partial<AccountInput>,
    password?: string,
    options: UpdateOptions = {},
  ): Promise<AccountView> {
    return this.get(await this.editor.update(name, input, password, options));
  }

  /** Removes the account and every keychain item of it, logging out first where the API has a logout. */
  async remove(name: string): Promise<RemoveOutcome> {
    return this.editor.remove(name);
  }

  /** Checks a not-yet-saved account's credentials; nothing is stored, and a session opened for the check is closed. */
  async testNew(input: AccountInput, password: string, clientSecret?: string): Promise<void> {
    await this.editor.testNew(input, password, clientSecret);
  }

  /**
   * A token with enough time left for the caller to use it (renewed first when not), and at least
   * `minValidMs` left when the caller asks for that (a long job); when even a new token is shorter,
   * an `unexpected` error says how long the API's tokens live.
   */
  async freshToken(name: string, minValidMs = 0): Promise<FreshToken> {
    const account = await this.find(name);
    await this.sessions.userWantsSession(account.id);
    const enough = (session: TokenSet): boolean =>
      isUsable(session, this.now()) && session.expiresAt - this.now() >= minValidMs;
    const cached = await this.vault.session(account.id);
    let session = cached !== null && enough(cached) ? cached : await this.renewer.renew(account, 'ensure');
    // Usable but too short for this caller: a new token, once.
    if (!enough(session)) session = await this.renewer.renew(account, 'force');
    if (!enough(session)) {
      const lifetimeSec = Math.round((session.expiresAt - session.issuedAt) / 1000);
      throw new WalletError(
        'unexpected',
        `the API issues tokens valid for ${lifetimeSec} s, less than the ${Math.ceil(minValidMs / 1000)} s asked for`,
        { account: account.name, server: new URL(account.url).origin },
      );
    }
    return { token: session.accessToken, expiresAt: session.expiresAt };
  }

  /** Renew now, whatever time the current token has left. */
  async renew(name: string): Promise<AccountView> {
    const account = await this.find(name);
    await this.sessions.userWantsSession(account.id);
    await this.renewer.renew(account, 'force');
    return this.get(account.id);
  }

  /** For the scheduler: renew by id and report the outcome rather than throw; lookups from memory where held. */
  async renewById(
    accountId: string,
  ): Promise<
    | { ok: true; issuedAt: number; expiresAt: number }
    | { ok: false; error: WalletError; tokenStillValidUntil: number | null; loggedOut?: boolean }
  > {
    try {
      const account = this.directory.known(accountId) ?? (await this.find(accountId));
      if (this.sessions.knownLoggedOut(account.id) ?? (await this.sessions.isLoggedOut(account.id))) {
        return {
          ok: false,
          error: new WalletError('usage', 'logged out'),
          tokenStillValidUntil: null,
          loggedOut: true,
        };
      }
      // The scheduler: nobody is waiting at a browser, so a sign-in is never started from here.
      const session = await this.renewer.renew(account, 'force', false);
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
      const context = await this.sessions.context(account);
      await this.renewer.recordOutcome(account, async () => {
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
    await this.sessions.userWantsSession(account.id);
    await this.renewer.renew(account, 'login');
    return this.get(account.id);
  }

  /** The user asks for a session again (after a logout): a token they have is kept, else a login. */
  async login(name: string): Promise<AccountView> {
    const account = await this.find(name);
    await this.sessions.userWantsSession(account.id);
    await this.renewer.renew(account, 'ensure');
    return this.get(account.id);
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
    await this.renewer.settle(account.id);
    await this.renewer.withAccountLock(account.id, async () => {
      const session = await this.vault.session(account.id);
      // An OIDC refresh token outlives its access token and is revoked (RFC 7009) even after that expired.
      const revocable = account.provider === 'oidc' && session?.refreshToken !== undefined;
      if (session !== null && provider.logout !== undefined && (session.expiresAt > this.now() || revocable)) {
        const context = await this.sessions.context(account);
        try {
          await provider.logout(context, session);
        } catch (error) {
          throw toWalletError(error).withContext(account.name, new URL(account.url).origin);
        }
      }
      await this.sessions.forget(account.id);
      if (options.remember !== false) await this.sessions.rememberLogout(account.id);
    });
    this.listeners.emit({ type: 'account-changed', accountId: account.id });
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
}
