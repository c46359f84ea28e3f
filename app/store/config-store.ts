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
import { ensurePrivateDir, readFileIfExists, withFileLock, writeFileAtomic } from './files';

export { emptyAccountState, parseConfig, type StoredAccountState, type WalletConfig, type WalletStateFile };

/**
 * The same state as one fixed-shape object. States built by spreads (`{...state, x}`) in varying
 * orders each end up with a hidden class of their own in V8 (about 0.5 KiB each): 10,000 accounts
 * kept in memory then cost megabytes. Absent fields stay absent in JSON (undefined is not written).
 */
function compactState(state: StoredAccountState): StoredAccountState {
  return {
    issuedAt: state.issuedAt,
    expiresAt: state.expiresAt,
    lastRenewalAt: state.lastRenewalAt,
    lastError: state.lastError,
    signInBy: state.signInBy,
    throttledUntil: state.throttledUntil,
    needsAttention: state.needsAttention,
    loggedOut: state.loggedOut,
  };
}

export class ConfigStore {
  readonly home: string;
  readonly configFile: string;
  readonly stateDir: string;
  private cached: { config: WalletConfig; mtimeMs: number; size: number; checkedAt: number } | null = null;
  /** The look at the file in progress: callers meanwhile share it rather than each stat the file. */
  private reading: Promise<WalletConfig> | null = null;
  /** Bumped by every write of ours: a look started before it must not cache what it read. */
  private generation = 0;
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
    this.sweepMs = options.sweepMs ?? defaultSweepMs;
    this.configFile = path.join(home, 'config.json');
    this.stateDir = path.join(home, 'state');
  }

  lockFile(name: string): string {
    return path.join(this.home, 'locks', `${name}.lock`);
  }

  /** The config, re-read only when the file changed (another process may have added an account). */
  async read(): Promise<WalletConfig> {
    return this.freshConfig() ?? this.readOrJoin();
  }

  /** The config read less than recheckMs ago, without a promise (a renewal's lookups); null when due a look. */
  freshConfig(): WalletConfig | null {
    return this.cached !== null && Date.now() - this.cached.checkedAt < this.recheckMs ? this.cached.config : null;
  }

  private readOrJoin(): Promise<WalletConfig> {
    if (this.reading !== null) return this.reading;
    const reading = this.readFresh().finally(() => {
      if (this.reading === reading) this.reading = null;
    });
    this.reading = reading;
    return reading;
  }

  private async readFresh(): Promise<WalletConfig> {
    const generation = this.generation;
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
      text === null
        ? { version: 1 as const, walletId: '', accounts: [] }
        : interned(parseConfig(text, this.configFile));
    if (generation === this.generation)
      this.cached = { config, mtimeMs: stat.mtimeMs, size: stat.size, checkedAt: Date.now() };
    return config;
  }

  /** Read-modify-write under the home's config lock, so concurrent CLI calls never lose an account. */
  async update<T>(change: (config: WalletConfig) => T | Promise<T>): Promise<T> {
    return withFileLock(this.lockFile('config'), async () => {
      this.forget();
      const current = await this.read();
      const next: WalletConfig = structuredClone(current);
      if (next.walletId === '') next.walletId = randomUUID();
      const result = await change(next);
      await writeFileAtomic(this.configFile, `${JSON.stringify(next, null, 2)}\n`);
      this.forget();
      return result;
    });
  }

  /** The next read looks at the file afresh; looks already under way neither answer it nor cache. */
  private forget(): void {
    this.generation += 1;
    this.cached = null;
    this.reading = null;
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

  /** The state in memory (write-behind mode, once read), without a promise; undefined when not known here. */
  knownAccountState(accountId: string): StoredAccountState | undefined {
    const cached = this.stateCache?.get(accountId);
    return cached === undefined ? undefined : (cached ?? emptyAccountState());
  }

  async readAccountState(accountId: string): Promise<StoredAccountState> {
    const cached = this.stateCache?.get(accountId);
    if (cached !== undefined) return cached ?? emptyAccountState();
    const state = await this.readStateFile(accountId);
    // The sole renewer is the only writer of state files: what it read once (even "none") stays true.
    if (this.stateCache !== null && !this.stateCache.has(accountId))
      this.stateCache.set(accountId, compactState(state));
    return state;
  }

  private async readStateFile(accountId: string): Promise<StoredAccountState> {
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
    // The sole renewer holds every state it read: no read (and no wait) for it.
    const previous = this.knownAccountState(accountId) ?? (await this.readAccountState(accountId));
    const next = change(previous);
    if (this.stateCache !== null) {
      this.stateCache.set(accountId, next === null ? null : compactState(next));
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
    if (ids.length === 0) return;
    await ensurePrivateDir(this.stateDir);
    // A sweep of 10,000 accounts must not open 10,000 files at once (memory, and the renewals'
    // own requests queue behind them in libuv's thread pool): a few at a time.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next] as string;
        next += 1;
        await this.writeState(id, this.stateCache?.get(id) ?? null, true);
      }
    };
    await Promise.all(Array.from({ length: Math.min(flushConcurrency, ids.length) }, worker));
  }

  private async writeState(accountId: string, next: StoredAccountState | null, dirExists = false): Promise<void> {
    if (next === null) await fs.rm(this.stateFileOf(accountId), { force: true });
    else await writeFileAtomic(this.stateFileOf(accountId), `${JSON.stringify(next)}\n`, { durable: false, dirExists });
  }
}

/**
 * How long routine renewal times may stay in memory only. A sweep rewrites every account renewed
 * since the last (10,000 files at 10,000 accounts, ~1.5 s of CPU): once a minute it cost an agent
 * more than a tenth of its renewals' CPU. Those times are a cache of the keychain's sessions; after
 * a crash, an account whose file is older is renewed at start, nothing is lost. Exit writes them all.
 */
export const defaultSweepMs = 5 * 60_000;

/** State files written at once by a flush. */
const flushConcurrency = 8;

/** The fields every renewal changes; the rest (logged out, errors, throttling) matter to other processes. */
const renewalTimes = new Set(['issuedAt', 'expiresAt', 'lastRenewalAt']);
function sameValue(a: StoredAccountState, b: StoredAccountState, key: keyof StoredAccountState): boolean {
  const left = a[key] ?? null;
  const right = b[key] ?? null;
  // Most fields are numbers, booleans or null: compared as they are; only an error object as JSON.
  if (left === right) return true;
  return typeof left === 'object' && typeof right === 'object' && JSON.stringify(left) === JSON.stringify(right);
}

/**
 * Accounts of one server repeat its URL, user and options: the agent keeps one string of each,
 * not one per account (JSON.parse makes a new string every time).
 */
function interned(config: WalletConfig): WalletConfig {
  internStrings(config.accounts);
  return config;
}

/** See interned(). */
function internStrings(accounts: WalletConfig['accounts']): void {
  const seen = new Map<string, string>();
  const intern = (value: string): string => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    seen.set(value, value);
    return value;
  };
  for (const account of accounts) {
    account.url = intern(account.url);
    account.username = intern(account.username);
    const options = account.options as Record<string, unknown>;
    for (const key of Object.keys(options)) {
      const value = options[key];
      if (typeof value === 'string') options[key] = intern(value);
    }
  }
}
