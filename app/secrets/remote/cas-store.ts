/**
 * The port a remote, shared secret store (Vault / OpenBao KV v2, a database row) offers: versioned
 * reads and compare-and-set writes. KV v2's `cas` option is exactly this: a write names the
 * version it replaces (0 for "must not exist") and fails when another writer got there first.
 */
export interface Versioned {
  value: string;
  version: number;
}

export type CasResult = { ok: true; version: number } | { ok: false; current: Versioned | null };

export interface CasSecretStore {
  read(key: string): Promise<Versioned | null>;
  /** Writes when the stored version is `expected` (0: the key must not exist). */
  compareAndSet(key: string, value: string, expected: number): Promise<CasResult>;
}

/** The in-memory CAS store: the simulation's shared "Vault", and a model of the remote contract. */
export class MemoryCasStore implements CasSecretStore {
  private readonly items = new Map<string, Versioned>();
  writes = 0;
  conflicts = 0;

  async read(key: string): Promise<Versioned | null> {
    const item = this.items.get(key);
    return item === undefined ? null : { ...item };
  }

  async compareAndSet(key: string, value: string, expected: number): Promise<CasResult> {
    const current = this.items.get(key) ?? null;
    if ((current?.version ?? 0) !== expected) {
      this.conflicts += 1;
      return { ok: false, current: current === null ? null : { ...current } };
    }
    const version = expected + 1;
    this.items.set(key, { value, version });
    this.writes += 1;
    return { ok: true, version };
  }
}
