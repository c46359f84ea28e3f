import { createRequire } from 'node:module';
import { WalletError } from '../errors';
import type * as KeytarModule from 'keytar';
import type { SecretStore } from './secret-store';

type Keytar = typeof KeytarModule;

let loaded: Keytar | undefined;

/** Loaded on first use: the CLI talking to an agent never needs the native module. */
function keytar(): Keytar {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('keytar') as Keytar;
    } catch (error) {
      throw new WalletError('config', `the OS keychain module could not be loaded (${(error as Error).message.split('\n')[0]})`);
    }
  }
  return loaded;
}

/** Secret Service, Keychain or Credential Vault failures, as one line that says what to do. */
function keychainError(error: unknown): WalletError {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  let hint = '';
  if (process.platform === 'linux') hint = '; is a Secret Service (gnome-keyring, KWallet) running and unlocked in this D-Bus session?';
  return new WalletError('config', `the OS keychain is unavailable: ${message}${hint}`);
}

async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof WalletError) throw error;
    throw keychainError(error);
  }
}

/** The real SecretStore: keytar over the platform keychain. */
export class KeytarSecretStore implements SecretStore {
  get(service: string, account: string): Promise<string | null> {
    return guarded(() => keytar().getPassword(service, account));
  }

  set(service: string, account: string, secret: string): Promise<void> {
    return guarded(() => keytar().setPassword(service, account, secret));
  }

  delete(service: string, account: string): Promise<boolean> {
    return guarded(() => keytar().deletePassword(service, account));
  }

  async list(service: string): Promise<string[]> {
    const credentials = await guarded(() => keytar().findCredentials(service));
    return credentials.map((credential) => credential.account);
  }
}
