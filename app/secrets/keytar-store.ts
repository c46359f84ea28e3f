import { createRequire } from 'node:module';
import { WalletError } from '../errors';
import type * as KeytarModule from 'keytar';
import { KeytarChild } from './keytar-child';
import type { SecretStore } from './secret-store';

type Keytar = typeof KeytarModule;

let loaded: Keytar | undefined;

/** Loaded on first use: the CLI talking to an agent never needs the native module. */
function keytar(): Keytar {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('keytar') as Keytar;
    } catch (error) {
      throw new WalletError(
        'config',
        `the OS keychain module could not be loaded (${(error as Error).message.split('\n')[0]})`,
      );
    }
  }
  return loaded;
}

/** Secret Service, Keychain or Credential Vault failures, as one line that says what to do. */
function keychainError(error: unknown): WalletError {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  let hint = '';
  if (process.platform === 'linux')
    hint = '; is a Secret Service (gnome-keyring, KWallet) running and unlocked in this D-Bus session?';
  return new WalletError('config', `the OS keychain is unavailable: ${message}${hint}`, { keychainUnavailable: true });
}

async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof WalletError) throw error;
    throw keychainError(error);
  }
}

type Op = 'getPassword' | 'setPassword' | 'deletePassword' | 'findCredentials';

/**
 * The real SecretStore: keytar over the platform keychain. On Linux, after the Secret Service failed
 * once, calls go through a child process (see keytar-child.ts): this process's libsecret connection
 * may be stale for good once the daemon is back.
 */
export class KeytarSecretStore implements SecretStore {
  private child: KeytarChild | null = null;

  private call<T>(op: Op, args: string[]): Promise<T> {
    return guarded(async () => {
      if (this.child !== null) return this.child.call<T>(op, args);
      try {
        return await (keytar()[op] as (...values: string[]) => Promise<T>)(...args);
      } catch (error) {
        if (process.platform === 'linux' && !(error instanceof WalletError))
          this.child = new KeytarChild(createRequire(import.meta.url).resolve('keytar'));
        throw error;
      }
    });
  }

  get(service: string, account: string): Promise<string | null> {
    return this.call('getPassword', [service, account]);
  }

  set(service: string, account: string, secret: string): Promise<void> {
    return this.call('setPassword', [service, account, secret]);
  }

  delete(service: string, account: string): Promise<boolean> {
    return this.call('deletePassword', [service, account]);
  }

  async list(service: string): Promise<string[]> {
    const credentials = await this.call<Array<{ account: string }>>('findCredentials', [service]);
    return credentials.map((credential) => credential.account);
  }
}
