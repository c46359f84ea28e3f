import type { SecretStore } from './secret-store';

/**
 * Opens the real store on first use: `list` or `show` never need a secret, so they never cost a
 * keychain round trip or (with the file store) a passphrase and a key derivation.
 */
export class LazySecretStore implements SecretStore {
  private opened: Promise<SecretStore> | null = null;

  constructor(private readonly open: () => Promise<SecretStore>) {}

  private store(): Promise<SecretStore> {
    this.opened ??= this.open();
    return this.opened;
  }

  async get(service: string, account: string): Promise<string | null> {
    return (await this.store()).get(service, account);
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    return (await this.store()).set(service, account, secret);
  }

  async delete(service: string, account: string): Promise<boolean> {
    return (await this.store()).delete(service, account);
  }

  async list(service: string): Promise<string[]> {
    return (await this.store()).list(service);
  }
}
