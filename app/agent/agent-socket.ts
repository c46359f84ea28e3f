import { lstatSync, mkdirSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import type { Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WalletError } from '../errors';
import { privateFileMode } from '../store/files';

/** Unix socket paths are limited to ~104 bytes; longer homes get a per-user runtime directory. */
const maxSocketPath = 100;

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * The per-user directory for sockets that do not fit in the home: `$XDG_RUNTIME_DIR/token-wallet`
 * (a directory only this user can enter, made by the login manager), else `<tmp>/token-wallet-<uid>`.
 */
export function runtimeDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime !== undefined && runtime !== '' && path.isAbsolute(runtime)) return path.join(runtime, 'token-wallet');
  return path.join(os.tmpdir(), `token-wallet-${currentUid() ?? 0}`);
}

/** Where the agent of a wallet home listens: a socket in the home (a named pipe on Windows). */
export function agentSocketPath(
  home: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  // Loaded only when hashing (not for a socket in the home): node:crypto is ~3% of a `token NAME` start-up.
  const digest = (): string =>
    process.getBuiltinModule('node:crypto').createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\token-wallet-${digest()}`;
  const inHome = path.join(home, 'agent.sock');
  if (inHome.length <= maxSocketPath) return inHome;
  return path.join(runtimeDirectory(env), `${digest()}.sock`);
}

function refuse(what: string, target: string, reason: string): WalletError {
  return new WalletError('config', `refusing ${what} ${target}: ${reason}`);
}

/**
 * A directory that holds the agent socket (or the wallet) must be this user's alone: not a symlink
 * (someone else could point it anywhere), owned by us, no group or other access. Missing is fine
 * (the caller creates it 0700). Returns whether it exists.
 */
export function checkPrivateDirectory(dir: string, what = 'directory'): boolean {
  const uid = currentUid();
  if (process.platform === 'win32' || uid === undefined) return true;
  let stat;
  try {
    stat = lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw refuse(what, dir, `cannot inspect it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (stat.isSymbolicLink()) throw refuse(what, dir, 'it is a symbolic link');
  if (!stat.isDirectory()) throw refuse(what, dir, 'it is not a directory');
  if (stat.uid !== uid) throw refuse(what, dir, `it is owned by uid ${stat.uid}, not by you (uid ${uid})`);
  if ((stat.mode & 0o077) !== 0) {
    throw refuse(
      what,
      dir,
      `it is accessible by group or others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); run chmod ` +
        `700 on it`,
    );
  }
  return true;
}

/** The socket itself: ours, and a socket. Returns whether it exists. */
export function checkSocketFile(socketPath: string): boolean {
  const uid = currentUid();
  if (process.platform === 'win32' || uid === undefined) return true;
  let stat;
  try {
    stat = lstatSync(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw refuse('agent socket', socketPath, `cannot inspect it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (stat.isSymbolicLink()) throw refuse('agent socket', socketPath, 'it is a symbolic link');
  if (!stat.isSocket()) throw refuse('agent socket', socketPath, 'it is not a socket');
  if (stat.uid !== uid)
    throw refuse('agent socket', socketPath, `it is owned by uid ${stat.uid}, not by you (uid ${uid})`);
  return true;
}

/**
 * Every directory between the user and the socket that we may rely on: the home, and the runtime directory when the
 * socket lives there.
 */
function socketDirectories(home: string, socketPath: string): Array<[string, string]> {
  const dirs: Array<[string, string]> = [[path.resolve(home), 'wallet home']];
  const socketDir = path.dirname(socketPath);
  if (socketDir !== path.resolve(home)) dirs.push([socketDir, 'socket directory']);
  return dirs;
}

/** For a client: may we connect? False when there is nothing to connect to; throws when something is not ours. */
export function socketSafeToConnect(home: string, socketPath: string): boolean {
  if (process.platform === 'win32') return true;
  for (const [dir, what] of socketDirectories(home, socketPath)) {
    if (!checkPrivateDirectory(dir, what)) return false;
  }
  return checkSocketFile(socketPath);
}

/** For the server: make the directories 0700 where missing, then insist they are ours alone. */
export function prepareSocketDirectories(home: string, socketPath: string): void {
  if (process.platform === 'win32') return;
  for (const [dir, what] of socketDirectories(home, socketPath)) {
    if (!checkPrivateDirectory(dir, what)) {
      mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
      try {
        mkdirSync(dir, { mode: 0o700 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
          throw refuse(what, dir, `cannot create it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      checkPrivateDirectory(dir, what);
    }
  }
  checkSocketFile(socketPath);
}

export type AgentResponse =
  | { id: number; result: unknown }
  | { id: number; error: { kind: string; message: string; details: Record<string, unknown> } };

export const maxLineBytes = 1024 * 1024;

/** Host methods beside the wallet API: a fresh one-time dashboard link from the running host. */
export const dashboardLinkMethod = 'host.dashboardLink';

/**
 * How long a CLI waits for the agent's answer (a silent socket must not hang it): TOKEN_WALLET_AGENT_TIMEOUT_MS,
 * default 30 s.
 */
export function agentTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.TOKEN_WALLET_AGENT_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 30_000;
}

/**
 * Listens on a Unix socket that is this user's alone from the first instant: bound under a private
 * umask (a chmod after listen would leave a window in which the socket has the default mode), then
 * chmod'ed as well for file systems that ignore the umask. Named pipes on Windows have no mode.
 */
export async function listenPrivately(server: Server, socketPath: string): Promise<void> {
  const posix = process.platform !== 'win32';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const previous = posix ? process.umask(0o177) : undefined;
    try {
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      if (previous !== undefined) process.umask(previous);
    }
  });
  if (posix) await chmod(socketPath, privateFileMode);
}
