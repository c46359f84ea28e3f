/**
 * The port through which the wallet reaches the OS keychain. The keytar adapter is the real one;
 * the in-memory store exists only for fast unit tests.
 */
export interface SecretStore {
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, secret: string): Promise<void>;
  delete(service: string, account: string): Promise<boolean>;
  /** Every account name stored under a service (used to clean up a removed wallet). */
  list(service: string): Promise<string[]>;
}

export class MemorySecretStore implements SecretStore {
  /** By service, then item: no joined key string per call and per item (thousands of accounts). */
  private readonly services = new Map<string, Map<string, string>>();

  async get(service: string, account: string): Promise<string | null> {
    return this.services.get(service)?.get(account) ?? null;
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    let items = this.services.get(service);
    if (items === undefined) {
      items = new Map();
      this.services.set(service, items);
    }
    items.set(account, secret);
  }

  async delete(service: string, account: string): Promise<boolean> {
    return this.services.get(service)?.delete(account) ?? false;
  }

  async list(service: string): Promise<string[]> {
    return [...(this.services.get(service)?.keys() ?? [])];
  }
}
