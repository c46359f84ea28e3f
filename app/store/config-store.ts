import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  emptyAccountState,
  parseAccountState,
  parseConfig,
  type StoredAccountState,
  type WalletConfig,
  type WalletStateFile,
} from './config-schema';
import { readFileIfExists, withFileLock, writeFileAtomic } from './files';

export { emptyAccountState, parseConfig, type StoredAccountState, type WalletConfig, type WalletStateFile };

export class ConfigStore {
  readonly home: string;
  readonly configFile: string;
  readonly stateDir: string;
  private cached: { config: WalletConfig; mtimeMs: number; size: number; checkedAt: number } | null = null;
  /** How long a read config is trusted before the file is looked at again (changes by other processes). */
  private readonly recheckMs: number;

  /** Write-behind state (exclusive owner of the home): renewals do not wait for state files. */
  private readonly stateCache: Map<string, StoredAccountState | null> | null;
  private readonly dirtyStates = new Set<string>();
  private flushing: Promise<void> | null = null;
  private sweeping: NodeJS.Timeout | null = null;
  /** How long routine renewal times may stay in memory only (write-behind mode). */
  private readonly sweepMs: number;

  constructor(home: string, options: { recheckMs?: number; writeBehindState?: boolean; sweepMs?: number } = {}) {
    this.home = home;
    this.recheckMs = options.recheckMs ?? 250;
    this.stateCache = options.writeBehindState === true ? new Map() : null;
    this.sweepMs = options.sweepMs ?? 60_000;
    this.configFile = path.join(home, 'config.json');
    this.stateDir = path.join(home, 'state');
  }

  lockFile(name: string): string {
    return path.join(this.home, 'locks', `${name}.lock`);
  }

  /** The config, re-read only when the file changed (another process may have added an account). */
  async read(): Promise<WalletConfig> {
    if (this.cached !== null && Date.now() - this.cached.checkedAt < this.recheckMs) return this.cached.config;
    let stat: { mtimeMs: number; size: number } | null = null;
    try {
      stat = await fs.stat(this.configFile);
    } catch {
      stat = null;
    }
    if (stat === null) return this.cached?.config ?? { version: 1, walletId: '', accounts: [] };
    if (this.cached !== null && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) {
      this.cached.checkedAt = Date.now();
      return this.cached.config;
    }
    const text = await readFileIfExists(this.configFile);
    const config =
      text === null ? { version: 1 as const, walletId: '', accounts: [] } : parseConfig(text, this.configFile);
    this.cached = { config, mtimeMs: stat.mtimeMs, size: stat.size, checkedAt: Date.now() };
    return config;
  }

  /** Read-modify-write under the home's config lock, so concurrent CLI calls never lose an account. */
  async update<T>(change: (config: WalletConfig) => T | Promise<T>): Promise<T> {
    return withFileLock(this.lockFile('config'), async () => {
      this.cached = null;
      const current = await this.read();
      const next: WalletConfig = structuredClone(current);
      if (next.walletId === '') next.walletId = randomUUID();
      const result = await change(next);
      await writeFileAtomic(this.configFile, `${JSON.stringify(next, null, 2)}\n`);
      this.cached = null;
      return result;
    });
  }

  /** The wallet id, created (and saved) on first use. */
  async walletId(): Promise<string> {
    const config = await this.read();
    if (config.walletId !== '') return config.walletId;
    return this.update((next) => next.walletId);
  }

  private stateFileOf(accountId: string): string {
    return path.join(this.stateDir, `${accountId}.json`);
  }

  /** Every account's state. One small file per account, so a renewal rewrites only its own. */
  async readState(): Promise<WalletStateFile> {
    let names: string[] = [];
    try {
      names = await fs.readdir(this.stateDir);
    } catch {
      // No state yet.
    }
    const accounts: WalletStateFile['accounts'] = {};
    await Promise.all(
      names
        .filter((name) => name.endsWith('.json'))
        .map(async (name) => {
          const id = name.slice(0, -'.json'.length);
          accounts[id] = await this.readAccountState(id);
        }),
    );
    // Write-behind: what is not on disk yet is still the truth.
    for (const [id, state] of this.stateCache ?? []) {
      if (state === null) delete accounts[id];
      else accounts[id] = state;
    }
    return { version: 1, accounts };
  }

  async readAccountState(accountId: string): Promise<StoredAccountState> {
    const cached = this.stateCache?.get(accountId);
    if (cached !== undefined) return cached ?? emptyAccountState();
    const text = await readFileIfExists(this.stateFileOf(accountId));
    if (text === null) return emptyAccountState();
    // State is a cache of what the keychain and the server can tell again: what does not fit is unknown.
    return parseAccountState(text);
  }

  /** Read-modify-write of one account's state; null deletes it. Callers hold the account's lock where it matters. */
  async updateState(
    accountId: string,
    change: (state: StoredAccountState) => StoredAccountState | null,
  ): Promise<void> {
    const previous = await this.readAccountState(accountId);
    const next = change(previous);
    if (this.stateCache !== null) {
      this.stateCache.set(accountId, next);
      this.dirtyStates.add(accountId);
      // A routine renewal changes only its times: nobody else needs them soon (the CLI asks the agent),
      // so they wait for a rare sweep or the host's exit; what other processes act on goes out at once.
      const routine =
        next !== null &&
        Object.keys(next).every(
          (key) => renewalTimes.has(key) || sameValue(next, previous, key as keyof StoredAccountState),
        );
      if (!routine)
        this.flushing ??= new Promise<void>((resolve) => setTimeout(resolve, 50)).then(() => this.flushStates());
      else this.sweeping ??= setTimeout(() => void this.flushStates(), this.sweepMs).unref();
      return;
    }
    await this.writeState(accountId, next);
  }

  /** Writes pending state files (write-behind mode); hosts call it before they exit. */
  async flushStates(): Promise<void> {
    const ids = [...this.dirtyStates];
    this.dirtyStates.clear();
    this.flushing = null;
    if (this.sweeping !== null) clearTimeout(this.sweeping);
    this.sweeping = null;
    await Promise.all(ids.map((id) => this.writeState(id, this.stateCache?.get(id) ?? null)));
  }

  private async writeState(accountId: string, next: StoredAccountState | null): Promise<void> {
    if (next === null) await fs.rm(this.stateFileOf(accountId), { force: true });
    else await writeFileAtomic(this.stateFileOf(accountId), `${JSON.stringify(next)}\n`, { durable: false });
  }
}

/** The fields every renewal changes; the rest (logged out, errors, throttling) matter to other processes. */
const renewalTimes = new Set(['issuedAt', 'expiresAt', 'lastRenewalAt']);
const sameValue = (a: StoredAccountState, b: StoredAccountState, key: keyof StoredAccountState): boolean =>
  JSON.stringify(a[key] ?? null) === JSON.stringify(b[key] ?? null);
