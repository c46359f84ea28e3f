import { WalletError } from '../errors';
import type { HttpTransport } from '../http/http-client';
import type { AccountRecord, TokenSet } from '../model';
import type { LoginResult, ProviderContext, SignInInteraction } from '../providers/provider';
import type { KeychainVault } from '../keychain-vault';
import type { ConfigStore } from '../store/config-store';
import { usesPassword } from '../account-input';
import { providerContext, providerContextFrom, type ContextParts } from '../provider-context';
import { signInByAfterRenewal } from '../auth/oauth/session-end';

/** OAuth2 and OIDC clients may hold a secret of their own, read from the store for each exchange. */
const hasClientSecret = (account: AccountRecord): boolean =>
  account.provider === 'oauth2' || account.provider === 'oidc';

export interface SessionDeps {
  store: ConfigStore;
  vault: KeychainVault;
  http: HttpTransport;
  now: () => number;
  exclusive: boolean;
  interaction: SignInInteraction | undefined;
}

/**
 * An account's session: where its tokens are written (the vault) and recorded (the state file),
 * and the provider context a login needs (its secrets, transport and, when a person asked, the
 * browser or device sign-in).
 */
export class Sessions {
  constructor(private readonly deps: SessionDeps) {}

  /** `person`: someone asked (CLI, dashboard), so a browser or device sign-in may ask them. */
  async context(account: AccountRecord, person = true): Promise<ProviderContext> {
    const { vault } = this.deps;
    const password = (await vault.password(account.id)) ?? (usesPassword(account) ? null : '');
    if (password === null) {
      // A locked keychain reads as empty: its own error ("locked", "unavailable") says what to do.
      await vault.checkWritable();
      throw new WalletError(
        'config',
        'no password in the keychain for this account; set it again with token-wallet edit --password',
        { account: account.name },
      );
    }
    const clientSecret = hasClientSecret(account) ? await vault.clientSecret(account.id) : null;
    return this.contextWith(account, password, clientSecret ?? undefined, person);
  }

  /** context() without a wait, where nothing needs reading (a cached password, no client secret or CA file). */
  knownContext(account: AccountRecord, person = true): ProviderContext | undefined {
    const password = this.deps.vault.cachedPassword(account.id);
    if (password === undefined || hasClientSecret(account) || account.caFile !== undefined) return undefined;
    return providerContextFrom(this.contextParts(account, password, undefined, person));
  }

  contextWith(
    account: AccountRecord,
    password: string,
    clientSecret?: string,
    person = true,
  ): ProviderContext | Promise<ProviderContext> {
    return providerContext(this.contextParts(account, password, clientSecret, person));
  }

  private contextParts(
    account: AccountRecord,
    password: string,
    clientSecret: string | undefined,
    person: boolean,
  ): ContextParts {
    const { http, now, interaction } = this.deps;
    return {
      account,
      password,
      http,
      now,
      ...(clientSecret === undefined ? {} : { clientSecret }),
      ...(interaction === undefined || !person ? {} : { interaction }),
    };
  }

  /**
   * Keeps a login's or renewal's tokens. `current`: the session it replaced, whose refresh token's
   * end still holds when the server kept that refresh token. `durable`: wait for the write even
   * where the sole renewer could hand the token out first.
   */
  async keep(
    account: AccountRecord,
    result: LoginResult,
    current: TokenSet | null,
    durable = false,
  ): Promise<TokenSet> {
    const { store, vault, now, exclusive } = this.deps;
    const accountId = account.id;
    const session: TokenSet = {
      accessToken: result.accessToken,
      ...(result.refreshToken === undefined ? {} : { refreshToken: result.refreshToken }),
      issuedAt: result.issuedAt,
      expiresAt: result.expiresAt,
    };
    const write = vault.writeSession(accountId, session);
    // A rotated refresh token is stored before anyone sees the new access token: it must never be lost.
    // Without one, the sole renewer (the agent) hands the token out while the keychain write finishes.
    if (durable || session.refreshToken !== undefined || !exclusive) await write;
    vault.remember(accountId, session);
    // A refresh token kept as it was keeps its end; so does a session with a configured maximum.
    const keptRefresh = current?.refreshToken !== undefined && current.refreshToken === session.refreshToken;
    await store.updateState(accountId, (previous) => ({
      ...previous,
      signInBy: signInByAfterRenewal(account, result, previous.signInBy, keptRefresh),
      issuedAt: session.issuedAt,
      expiresAt: session.expiresAt,
      lastRenewalAt: now(),
      lastError: null,
      needsAttention: false,
      loggedOut: false,
      throttledUntil: result.throttledUntil ?? null,
    }));
    return session;
  }

  async forget(accountId: string): Promise<void> {
    await this.deps.vault.deleteSession(accountId);
    await this.deps.store.updateState(accountId, (state) => ({
      ...state,
      issuedAt: null,
      expiresAt: null,
      signInBy: null,
      needsAttention: false,
      lastError: null,
    }));
  }

  /** The user asked for a token, a renewal or a login: a logout of theirs no longer holds. */
  async userWantsSession(accountId: string): Promise<void> {
    const { store } = this.deps;
    // Asked on every token request: the agent answers from the state it holds, without a read.
    if (store.knownAccountState(accountId)?.loggedOut === false) return;
    if ((await store.readAccountState(accountId)).loggedOut !== true) return;
    await store.updateState(accountId, (state) => ({ ...state, loggedOut: false }));
  }

  /** Remembered in the state file, so that nothing (scheduler, start-up, another host) logs in again until asked. */
  async rememberLogout(accountId: string): Promise<void> {
    await this.deps.store.updateState(accountId, (state) => ({ ...state, loggedOut: true }));
  }

  /** From the state in memory (the sole renewer), without a promise; undefined when not known here. */
  knownLoggedOut(accountId: string): boolean | undefined {
    const state = this.deps.store.knownAccountState(accountId);
    return state === undefined ? undefined : state.loggedOut === true;
  }

  async isLoggedOut(accountId: string): Promise<boolean> {
    return (await this.deps.store.readAccountState(accountId)).loggedOut === true;
  }
}
