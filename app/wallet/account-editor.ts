import { randomUUID } from 'node:crypto';
import { validateAccountInput, type AccountInput } from '../account-input';
import { movedDestination, usesPassword } from '../account-input';
import { describeError, toWalletError, usageError } from '../errors';
import type { KeychainVault } from '../keychain-vault';
import { log } from '../log/current';
import type { AccountRecord, RemoveOutcome } from '../model';
import { providerFor } from '../providers/registry';
import type { ConfigStore } from '../store/config-store';
import { assertSecretsGivenAgain, mergeEdit, type AccountDirectory } from './accounts';
import type { WalletEvent } from './events';
import type { Sessions } from './sessions';

export interface AddOptions {
  /** Log in once before saving (the session is kept); a rejection or failure saves nothing. */
  verify?: boolean;
  /** An OAuth2 confidential client's secret, kept in a keychain item of its own. */
  clientSecret?: string;
}

export interface UpdateOptions {
  clientSecret?: string;
}

export interface AccountEditorDeps {
  store: ConfigStore;
  vault: KeychainVault;
  directory: AccountDirectory;
  sessions: Sessions;
  now: () => number;
  emit: (event: WalletEvent) => void;
  /** The wallet's logout, which removal uses first where the API has one. */
  logout: (name: string) => Promise<unknown>;
}

/**
 * Adding, editing and removing accounts: the config entry, its secrets in the vault and the session
 * they give, kept consistent (secrets before the entry, nothing saved when a check fails). Each
 * method returns the account's id; the wallet answers with its view.
 */
export class AccountEditor {
  constructor(private readonly deps: AccountEditorDeps) {}

  async add(input: AccountInput, password: string, options: AddOptions = {}): Promise<string> {
    const valid = validateAccountInput(input, this.deps.store.home);
    assertSecretsNotEmpty(password === '' && usesPassword(valid), options.clientSecret);
    await this.deps.directory.assertNameFree(valid.name);
    const record: AccountRecord = { id: randomUUID(), ...valid, createdAt: new Date(this.deps.now()).toISOString() };
    // The check is the first login: its token is kept, so the first `token` costs nothing.
    const verified = options.verify === true ? await this.loginUnsaved(record, password, options.clientSecret) : null;
    // Secret first: an account in the config without its password would be useless. Browser,
    // device and client-credentials accounts have no password (keychains refuse empty items).
    if (password !== '') await this.deps.vault.setPassword(record.id, password);
    if (options.clientSecret !== undefined) await this.deps.vault.setClientSecret(record.id, options.clientSecret);
    try {
      await this.deps.directory.insert(record);
    } catch (error) {
      await this.deps.vault.deleteAll(record.id);
      throw error;
    }
    if (verified !== null) await this.deps.sessions.keep(record, verified, null, true);
    this.deps.emit({ type: 'account-changed', accountId: record.id });
    return record.id;
  }

  /** Logs a not-yet-saved account in once (the check of `add` and of the dashboard's form). */
  private async loginUnsaved(record: AccountRecord, password: string, clientSecret: string | undefined) {
    try {
      return await providerFor(record.provider, this.deps.store.home).login(
        await this.deps.sessions.contextWith(record, password, clientSecret),
      );
    } catch (error) {
      throw toWalletError(error).withContext(record.name, new URL(record.url).origin);
    }
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
  ): Promise<string> {
    // Over JSON an absent password arrives as null when options follow it.
    if ((password as unknown) === null) password = undefined;
    const current = await this.deps.directory.find(name);
    const valid = validateAccountInput(mergeEdit(current, input), this.deps.store.home);
    assertSecretsNotEmpty(password === '', options.clientSecret);
    const record: AccountRecord = { ...valid, id: current.id, createdAt: current.createdAt };
    const moved = movedDestination(current, record);
    const given = { password: password !== undefined, clientSecret: options.clientSecret !== undefined };
    if (moved.length > 0) {
      const storedPassword = !given.clientSecret && (await this.deps.vault.password(record.id)) !== null;
      assertSecretsGivenAgain(current, record, moved, given, {
        clientSecret: !given.clientSecret && (await this.deps.vault.clientSecret(record.id)) !== null,
        passwordTravels: usesPassword(record) || storedPassword,
      });
    }
    const touchesSecrets =
      given.password || given.clientSecret || moved.length > 0 || record.username !== current.username;
    // A store that cannot be read now (a wrong passphrase, a locked keychain; an agent holds the session in
    // memory) fails here, before the account changes: not after, with the account edited and its secrets not.
    if (touchesSecrets) await this.deps.vault.session(record.id);
    await this.deps.directory.replace(record, name);
    this.deps.vault.forgetCachedPassword(record.id);
    if (password !== undefined) await this.deps.vault.setPassword(record.id, password);
    if (options.clientSecret !== undefined) await this.deps.vault.setClientSecret(record.id, options.clientSecret);
    if (moved.length > 0 || record.username !== current.username) {
      await this.deps.sessions.forget(record.id);
    } else if (given.password || given.clientSecret) {
      // A new password answers "needs attention"; the token it has (if any) stays in use.
      await this.deps.store.updateState(record.id, (state) => ({ ...state, needsAttention: false, lastError: null }));
    }
    this.deps.emit({ type: 'account-changed', accountId: record.id });
    return record.id;
  }

  /** Removes the account and every keychain item of it, logging out first where the API has a logout. */
  async remove(name: string): Promise<RemoveOutcome> {
    const account = await this.deps.directory.find(name);
    let outcome: RemoveOutcome = { serverSession: 'none' };
    // A store that cannot be read now (a file store without its passphrase, a locked keychain) could
    // not delete the secrets either: this throws before anything changes, rather than remove the
    // account and leave its secrets behind.
    const hadSession = (await this.deps.vault.session(account.id)) !== null;
    if (hadSession && providerFor(account.provider, this.deps.store.home).logout !== undefined) {
      try {
        await this.deps.logout(account.name);
        outcome = { serverSession: 'ended' };
      } catch (error) {
        // Removal must work offline too; the server ends the session at its expiry. The caller is told.
        outcome = { serverSession: 'left-open', reason: describeError(error) };
      }
    }
    await this.deps.directory.delete(account.id);
    await this.deps.vault.deleteAll(account.id);
    await this.deps.store.updateState(account.id, () => null);
    this.deps.emit({ type: 'account-removed', accountId: account.id });
    return outcome;
  }

  /** Checks a not-yet-saved account's credentials; nothing is stored, and a session opened for the check is closed. */
  async testNew(input: AccountInput, password: string, clientSecret?: string): Promise<void> {
    const valid = validateAccountInput(input, this.deps.store.home);
    assertSecretsNotEmpty(password === '' && usesPassword(valid), clientSecret);
    const account: AccountRecord = { id: 'unsaved', ...valid, createdAt: new Date(this.deps.now()).toISOString() };
    const provider = providerFor(account.provider, this.deps.store.home);
    const context = await this.deps.sessions.contextWith(account, password, clientSecret);
    try {
      if (provider.test !== undefined) {
        await provider.test(context);
        return;
      }
      const session = await provider.login(context);
      await provider
        .logout?.(context, session)
        .catch((error: unknown) =>
          log.warn(
            { account: account.name, cause: error },
            'the session opened to check new credentials could not be closed',
          ),
        );
    } catch (error) {
      throw toWalletError(error).withContext(account.name, new URL(account.url).origin);
    }
  }
}

/** An empty secret is a mistake, never a value: keychains refuse empty items and servers reject them. */
function assertSecretsNotEmpty(emptyPassword: boolean, clientSecret: string | undefined): void {
  if (emptyPassword) throw usageError('the password is empty', 'password');
  if (clientSecret === '') throw usageError('the client secret is empty', 'clientSecret');
}
