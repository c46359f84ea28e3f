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
  private readonly items = new Map<string, string>();

  private static key(service: string, account: string): string {
    return `${service}\u0000${account}`;
  }

  async get(service: string, account: string): Promise<string | null> {
    return this.items.get(MemorySecretStore.key(service, account)) ?? null;
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    this.items.set(MemorySecretStore.key(service, account), secret);
  }

  async delete(service: string, account: string): Promise<boolean> {
    return this.items.delete(MemorySecretStore.key(service, account));
  }

  async list(service: string): Promise<string[]> {
    const prefix = `${service}\u0000`;
    return [...this.items.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }
}
