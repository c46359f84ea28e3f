import { WalletError } from '../errors';
import type { AccountInput } from '../account-input';
import type { AccountRecord } from '../model';
import type { ConfigStore } from '../store/config-store';
import { didYouMean } from '../suggest';

/** The account list (the config file): lookups by name or id, and the writes that keep names unique. */
export class AccountDirectory {
  /** Accounts by name and by id, rebuilt when the config is re-read. */
  private index: { source: AccountRecord[]; byKey: Map<string, AccountRecord> } | null = null;

  constructor(private readonly store: ConfigStore) {}

  async all(): Promise<AccountRecord[]> {
    return (await this.store.read()).accounts;
  }

  /** The account by name or id from a config read moments ago, without a promise; undefined: ask find(). */
  known(name: string): AccountRecord | undefined {
    const config = this.store.freshConfig();
    return config === null ? undefined : this.indexOf(config.accounts).get(name);
  }

  async find(name: string): Promise<AccountRecord> {
    const accounts = await this.all();
    const account = this.indexOf(accounts).get(name);
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

  private indexOf(accounts: AccountRecord[]): Map<string, AccountRecord> {
    if (this.index?.source !== accounts) {
      const byKey = new Map<string, AccountRecord>();
      for (const candidate of accounts) {
        byKey.set(candidate.id, candidate);
        byKey.set(candidate.name, candidate);
      }
      this.index = { source: accounts, byKey };
    }
    return this.index.byKey;
  }

  async assertNameFree(name: string): Promise<void> {
    if ((await this.all()).some((account) => account.name === name)) throw nameTaken(name);
  }

  async insert(record: AccountRecord): Promise<void> {
    await this.store.update((config) => {
      if (config.accounts.some((account) => account.name === record.name)) throw nameTaken(record.name);
      config.accounts.push(record);
    });
  }

  /** Replaces the account with `record`'s id; `name` is the one the caller asked for, for the error. */
  async replace(record: AccountRecord, name: string): Promise<void> {
    await this.store.update((config) => {
      if (config.accounts.some((account) => account.name === record.name && account.id !== record.id)) {
        throw nameTaken(record.name);
      }
      const index = config.accounts.findIndex((account) => account.id === record.id);
      if (index < 0) throw new WalletError('usage', `no account named "${name}"`, { account: name });
      config.accounts[index] = record;
    });
  }

  async delete(accountId: string): Promise<void> {
    await this.store.update((config) => {
      config.accounts = config.accounts.filter((candidate) => candidate.id !== accountId);
    });
  }
}

function nameTaken(name: string): WalletError {
  return new WalletError('usage', `an account named "${name}" already exists`, { account: name, field: 'name' });
}

/** An edit's input over the account as it is: what the edit leaves out stays. */
export function mergeEdit(current: AccountRecord, input: Partial<AccountInput>): AccountInput {
  const kept = <K extends 'caFile' | 'allowOrigins' | 'policy'>(key: K): Pick<AccountInput, K> | object => {
    const value = input[key] !== undefined ? input[key] : current[key];
    return value === undefined ? {} : { [key]: value };
  };
  return {
    name: input.name ?? current.name,
    provider: input.provider ?? current.provider,
    url: input.url ?? current.url,
    username: input.username ?? current.username,
    options: input.options ?? current.options,
    ...kept('caFile'),
    allowHttp: input.allowHttp ?? current.allowHttp ?? false,
    ...kept('allowOrigins'),
    ...kept('policy'),
  };
}

/**
 * Changing where or how a secret is sent needs that secret in the same edit, else anyone able to
 * edit could send the stored one to their own server. `moved`: what changed (server, token URL, …).
 */
export function assertSecretsGivenAgain(
  current: AccountRecord,
  record: AccountRecord,
  moved: string[],
  given: { password: boolean; clientSecret: boolean },
  stored: { clientSecret: boolean; passwordTravels: boolean },
): void {
  if (moved.length === 0) return;
  const fail = (secret: string, field: string): never => {
    throw new WalletError(
      'usage',
      `changing the ${moved.join(', ')} would send the stored ${secret} to a new place; ` +
        `give the ${secret} again in the same edit`,
      { account: current.name, server: new URL(current.url).origin, field },
    );
  };
  if (!given.clientSecret && stored.clientSecret) fail('client secret', 'clientSecret');
  if (!given.password && stored.passwordTravels) {
    const clientCredentials =
      record.options.grant === 'client_credentials' || current.options.grant === 'client_credentials';
    fail(clientCredentials ? 'client secret' : 'password', 'password');
  }
}
