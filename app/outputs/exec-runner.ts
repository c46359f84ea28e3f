import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describeError } from '../errors';
import { TokenFile } from './token-file';
import { log } from '../log/current';

export interface FreshTokenSource {
  (minValidMs: number): Promise<{ token: string; expiresAt: number }>;
}

export interface ExecOptions {
  account: string;
  /** Variables that carry the token; TOKEN_WALLET_TOKEN when none are named. */
  envNames: string[];
  tokenFile: boolean;
  minValidMs: number;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  stderr: NodeJS.WritableStream;
  fresh: FreshTokenSource;
}

const forwardedSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * Ctrl-C and Ctrl-\ typed at a terminal reach its whole foreground process group, the child (spawned
 * into ours) included: forwarding them as well would deliver them twice, and to tools such as
 * terraform or docker compose a second interrupt means "abort now". So they are not forwarded when
 * our group is the terminal's foreground group and our stdio is a terminal (Linux: /proc); the
 * price: a `kill -INT` aimed at token-wallet alone while it runs in a terminal's foreground is not
 * relayed either. Without a terminal (scripts, services) every signal is forwarded.
 */
export function terminalAlreadySent(signal: NodeJS.Signals): boolean {
  if (signal !== 'SIGINT' && signal !== 'SIGQUIT') return false;
  if (process.stdin.isTTY !== true && process.stdout.isTTY !== true && process.stderr.isTTY !== true) return false;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // After "pid (comm) ": state ppid pgrp session tty_nr tpgid ...
    const [, , pgrp, , ttyNr, tpgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ttyNr !== '0' && pgrp !== undefined && pgrp === tpgid;
  } catch {
    return false;
  }
}

/** When to look again: a third of the time left, so the wallet's freshness rule renews well before expiry. */
export function nextCheckDelayMs(expiresAt: number, now: number): number {
  return Math.min(60_000, Math.max(200, Math.floor((expiresAt - now) / 3)));
}

export function childEnv(
  options: ExecOptions,
  fresh: { token: string; expiresAt: number },
  tokenFile: TokenFile | null,
): NodeJS.ProcessEnv {
  const names = options.envNames.length === 0 ? ['TOKEN_WALLET_TOKEN'] : options.envNames;
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    TOKEN_WALLET_ACCOUNT: options.account,
    TOKEN_WALLET_EXPIRES_AT: new Date(fresh.expiresAt).toISOString(),
  };
  for (const name of names) env[name] = fresh.token;
  if (tokenFile !== null) env.TOKEN_WALLET_TOKEN_FILE = tokenFile.file;
  return env;
}

/** Keeps the token file fresh until stopped; an expired token is removed rather than left to be read. */
function keepFresh(options: ExecOptions, file: TokenFile, first: { token: string; expiresAt: number }): () => void {
  let current = first;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let reported = false;
  const check = async (): Promise<void> => {
    try {
      const fresh = await options.fresh(options.minValidMs);
      if (fresh.token !== current.token) await file.write(fresh.token);
      current = fresh;
      reported = false;
    } catch (error) {
      if (!reported) options.stderr.write(`token-wallet: exec: cannot renew the token file: ${describeError(error)}\n`);
      reported = true;
      if (current.expiresAt <= Date.now() + 1000) {
        await file
          .clear()
          .catch((clearError: unknown) =>
            log.warn({ cause: clearError }, 'exec: the expired token file could not be emptied'),
          );
      }
    }
    if (!stopped) timer = setTimeout(() => void check(), nextCheckDelayMs(current.expiresAt, Date.now()));
  };
  timer = setTimeout(() => void check(), nextCheckDelayMs(first.expiresAt, Date.now()));
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function waitForChild(child: ChildProcess, command: string, stderr: NodeJS.WritableStream): Promise<number> {
  return new Promise((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        stderr.write(`token-wallet: exec: ${command}: command not found\n`);
        resolve(127);
      } else if (error.code === 'EACCES' || error.code === 'EISDIR' || error.code === 'ENOEXEC') {
        stderr.write(`token-wallet: exec: ${command}: not executable\n`);
        resolve(126);
      } else {
        stderr.write(`token-wallet: exec: ${command}: ${error.message}\n`);
        resolve(126);
      }
    });
    child.once('exit', (code, signal) => {
      if (signal !== null) resolve(128 + (os.constants.signals[signal] ?? 0));
      else resolve(code ?? 1);
    });
  });
}

/** Runs the command directly (no shell) with the token in its environment, and returns its exit status. */
export async function runExec(options: ExecOptions): Promise<number> {
  const first = await options.fresh(options.minValidMs);
  const file = options.tokenFile ? await TokenFile.create(options.env) : null;
  const onExit = (): void => file?.removeSync();
  process.once('exit', onExit);
  let stopRefresh = (): void => undefined;
  try {
    if (file !== null) {
      await file.write(first.token);
      stopRefresh = keepFresh(options, file, first);
    }
    // The handlers go in before spawn(): the child may run, print and be signalled (a test, a supervisor
    // that saw its output) while spawn() is still returning, several ms later; a signal then would kill
    // us with no handler and orphan the child. Signal handlers run on the event loop, so after spawn().
    let child: ChildProcess | undefined;
    const forward = (signal: NodeJS.Signals): void => {
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
      if (!terminalAlreadySent(signal)) child.kill(signal);
    };
    for (const signal of forwardedSignals) process.on(signal, forward);
    try {
      child = spawn(options.command, options.args, { stdio: 'inherit', env: childEnv(options, first, file) });
      return await waitForChild(child, options.command, options.stderr);
    } finally {
      for (const signal of forwardedSignals) process.off(signal, forward);
    }
  } finally {
    stopRefresh();
    await file?.remove();
    process.off('exit', onExit);
  }
}
