// Helpers shared by the bench sections: the fake token server in its own process, a bulk wallet home.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AccountRecord } from '../app/model';
import type { MemorySecretStore } from '../app/secrets/secret-store';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const password = 's3cret-Pa55';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const median = (values: number[]): number => percentile(values, 50);
export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export async function startFakeProcess(
  lifetimeSec: number,
  spreadSec: number,
): Promise<{ child: ChildProcess; url: string; tokenUrl: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'bench-fake-server.ts'), String(lifetimeSec), String(spreadSec)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve),
  );
  return { child, ...(JSON.parse(line) as { url: string; tokenUrl: string }) };
}

export function stopFakeProcess(child: ChildProcess): void {
  child.stdin?.end();
}

/** A wallet home with many accounts written at once (adding them one by one would rewrite the config each time). */
export async function bulkHome(
  count: number,
  tokenUrl: string,
  secrets: MemorySecretStore,
): Promise<{ home: string; names: string[] }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-bench-'));
  const walletId = randomUUID();
  const records: AccountRecord[] = Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    name: `acct-${index}`,
    provider: 'vyopta',
    url: 'https://api.vyopta.example',
    username: 'alice',
    options: { tokenUrl },
    createdAt: new Date().toISOString(),
  }));
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, walletId, accounts: records }));
  for (const record of records) await secrets.set(`token-wallet:${walletId}`, `${record.id}:password`, password);
  return { home, names: records.map((record) => record.name) };
}

/** One Vyopta account `vy` added with the real CLI (its password on stdin, never in argv). */
export function addVyoptaAccount(cli: string, env: NodeJS.ProcessEnv, tokenUrl: string): void {
  execFileSync(
    process.execPath,
    [cli, 'add', 'vy', '--provider', 'vyopta', '--url', 'https://api.vyopta.example', '--username', 'alice'].concat([
      '--token-url',
      tokenUrl,
      '--password-stdin',
    ]),
    { env, input: `${password}\n` },
  );
}
