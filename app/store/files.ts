import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { WalletError } from '../errors';

/** Owner-only: the files hold no secrets, but account lists and user names are still private. */
export const privateFileMode = 0o600;
export const privateDirMode = 0o700;

export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: privateDirMode });
}

/** Write to a temporary file beside the target, flush, then rename: readers see the old or the new file, never half. */
export async function writeFileAtomic(
  file: string,
  content: string,
  options: { durable?: boolean; dirExists?: boolean } = {},
): Promise<void> {
  // Callers writing many files into one folder make sure of it once.
  if (options.dirExists !== true) await ensurePrivateDir(path.dirname(file));
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'w', privateFileMode);
  try {
    await handle.writeFile(content, 'utf8');
    // Flushing costs milliseconds; caches that can be rebuilt (renewal state) skip it.
    if (options.durable !== false) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

export async function readFileIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WalletError('config', `cannot read ${file}: ${(error as Error).message}`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LockOptions {
  /** Give up waiting after this long. */
  timeoutMs?: number;
  /** A lock older than this is abandoned, whoever holds it (renewals are bounded by HTTP time-outs). */
  staleMs?: number;
}

/**
 * A lock file shared by every process of one wallet home (CLI calls, the agent, the app):
 * created exclusively, holding the owner's pid, broken when that process is gone or the lock is stale.
 */
export async function withFileLock<T>(lockFile: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const staleMs = options.staleMs ?? 120_000;
  await ensurePrivateDir(path.dirname(lockFile));
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    try {
      const handle = await fs.open(lockFile, 'wx', privateFileMode);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await lockAbandoned(lockFile, staleMs)) {
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new WalletError(
        'internal',
        `timed out waiting for ${path.basename(lockFile)}; another token-wallet process holds it`,
      );
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
  try {
    return await work();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

async function lockAbandoned(lockFile: string, staleMs: number): Promise<boolean> {
  try {
    const [content, stat] = await Promise.all([fs.readFile(lockFile, 'utf8'), fs.stat(lockFile)]);
    const pid = Number.parseInt(content, 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) return true;
    return Date.now() - stat.mtimeMs > staleMs;
  } catch {
    // Gone between our attempts, or still being written: try again.
    return false;
  }
}
