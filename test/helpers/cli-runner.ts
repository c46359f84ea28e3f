import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(projectRoot, 'bin', 'token-wallet.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `add NAME` for a Vyopta account at a fake's token URL (user alice): the set-up many tests share. */
export function addVyopta(name: string, tokenUrl: string): string[] {
  return [
    'add',
    name,
    '--provider',
    'vyopta',
    '--url',
    'https://api.vyopta.example',
    '--username',
    'alice',
    '--token-url',
    tokenUrl,
  ];
}

export function tempWalletHome(prefix = 'tw-cli-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Collects a child's output and exit code. */
function collect(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs the built CLI as a user would, in its own process, with its own wallet home. */
export function runCli(
  args: string[],
  options: { home: string; input?: string; env?: Record<string, string>; cwd?: string },
): Promise<CliResult> {
  if (!existsSync(path.join(projectRoot, 'dist', 'cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, TOKEN_WALLET_HOME: options.home, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  const result = collect(child);
  child.stdin.end(options.input ?? '');
  return result;
}

/** Runs a shell command line (a printed curl or HTTPie snippet) and collects its output. */
export function runShell(commandLine: string): Promise<CliResult> {
  return collect(
    spawn('/bin/sh', ['-c', commandLine], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    }),
  );
}
