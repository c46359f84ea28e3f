import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { WalletError } from '../errors';
import { isProviderKind, type AccountRecord, type AccountState } from '../model';
import { readFileIfExists, withFileLock, writeFileAtomic } from './files';

/** config.json: the wallet's identity and its accounts. Never holds a secret. */
export interface WalletConfig {
  version: 1;
  /** Random per home, part of every keychain item's service name, so two homes never share secrets. */
  walletId: string;
  accounts: AccountRecord[];
}

/** state.json: non-secret renewal state, rebuilt from nothing if lost. */
export interface WalletStateFile {
  version: 1;
  accounts: Record<string, AccountState & { throttledUntil?: number | null; needsAttention?: boolean }>;
}

export type StoredAccountState = WalletStateFile['accounts'][string];

export function emptyAccountState(): StoredAccountState {
  return { issuedAt: null, expiresAt: null, lastRenewalAt: null, lastError: null };
}

export class ConfigStore {
  readonly home: string;
  readonly configFile: string;
  readonly stateFile: string;
  private cached: { config: WalletConfig; mtimeMs: number; size: number } | null = null;

  constructor(home: string) {
    this.home = home;
    this.configFile = path.join(home, 'config.json');
    this.stateFile = path.join(home, 'state.json');
  }

  lockFile(name: string): string {
    return path.join(this.home, 'locks', `${name}.lock`);
  }

  /** The config, re-read only when the file changed (another process may have added an account). */
  async read(): Promise<WalletConfig> {
    let stat: { mtimeMs: number; size: number } | null = null;
    try {
      stat = await fs.stat(this.configFile);
    } catch {
      stat = null;
    }
    if (stat === null) return this.cached?.config ?? { version: 1, walletId: '', accounts: [] };
    if (this.cached !== null && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.config;
    const text = await readFileIfExists(this.configFile);
    const config = text === null ? { version: 1 as const, walletId: '', accounts: [] } : parseConfig(text, this.configFile);
    this.cached = { config, mtimeMs: stat.mtimeMs, size: stat.size };
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

  async readState(): Promise<WalletStateFile> {
    const text = await readFileIfExists(this.stateFile);
    if (text === null) return { version: 1, accounts: {} };
    try {
      const parsed = JSON.parse(text) as WalletStateFile;
      if (parsed && typeof parsed === 'object' && parsed.accounts && typeof parsed.accounts === 'object') return parsed;
    } catch {
      // state.json is a cache of what the keychain and servers can tell again: start afresh.
    }
    return { version: 1, accounts: {} };
  }

  async updateState(accountId: string, change: (state: StoredAccountState) => StoredAccountState | null): Promise<void> {
    await withFileLock(this.lockFile('state'), async () => {
      const state = await this.readState();
      const next = change(state.accounts[accountId] ?? emptyAccountState());
      if (next === null) delete state.accounts[accountId];
      else state.accounts[accountId] = next;
      await writeFileAtomic(this.stateFile, `${JSON.stringify(state, null, 2)}\n`);
    });
  }
}

function parseConfig(text: string, file: string): WalletConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WalletError('config', `${file} is not valid JSON (${(error as Error).message}); fix or move it, it was left untouched`);
  }
  const candidate = parsed as Partial<WalletConfig> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.version !== 1 ||
    typeof candidate.walletId !== 'string' ||
    !Array.isArray(candidate.accounts)
  ) {
    throw new WalletError('config', `${file} is not a Token Wallet config (version 1); fix or move it, it was left untouched`);
  }
  for (const account of candidate.accounts) {
    const record = account as Partial<AccountRecord> | null;
    if (
      record === null ||
      typeof record !== 'object' ||
      typeof record.id !== 'string' ||
      typeof record.name !== 'string' ||
      !isProviderKind(record.provider) ||
      typeof record.url !== 'string' ||
      typeof record.username !== 'string'
    ) {
      throw new WalletError('config', `${file} has a malformed account entry; fix or move it, it was left untouched`);
    }
    record.options ??= {};
  }
  return candidate as WalletConfig;
}
