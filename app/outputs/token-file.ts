import { randomBytes } from 'node:crypto';
import { promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WalletError } from '../errors';

/** Refuses a directory another user could read or swap: not ours, a symlink, or open to group/other. */
async function checkPrivateDir(dir: string): Promise<void> {
  const stat = await fs.lstat(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : stat.uid;
  if (
    stat.isSymbolicLink() ||
    !stat.isDirectory() ||
    stat.uid !== uid ||
    (process.platform !== 'win32' && (stat.mode & 0o077) !== 0)
  ) {
    throw new WalletError(
      'config',
      `refusing to keep a token in ${dir}: it must be a directory of yours that only you can open`,
    );
  }
}

/** $XDG_RUNTIME_DIR when it is a private directory of ours (tmpfs, gone at logout), else the temp folder. */
async function runtimeBase(env: NodeJS.ProcessEnv): Promise<string> {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime !== undefined && path.isAbsolute(runtime)) {
    try {
      await checkPrivateDir(runtime);
      return runtime;
    } catch {
      // Not usable: fall back to a fresh private directory in the temp folder.
    }
  }
  return os.tmpdir();
}

/**
 * A token file for a child process: 0600 in a fresh 0700 directory (mkdtemp: a random name nobody
 * could have prepared), replaced by atomic rename so a reader sees the old or the new token, never half.
 */
export class TokenFile {
  private constructor(
    readonly dir: string,
    readonly file: string,
  ) {}

  static async create(env: NodeJS.ProcessEnv): Promise<TokenFile> {
    const dir = await fs.mkdtemp(path.join(await runtimeBase(env), 'token-wallet-exec-'));
    await fs.chmod(dir, 0o700);
    await checkPrivateDir(dir);
    return new TokenFile(dir, path.join(dir, 'token'));
  }

  async write(token: string): Promise<void> {
    const temporary = path.join(this.dir, `.token.${randomBytes(6).toString('hex')}`);
    const handle = await fs.open(temporary, 'wx', 0o600);
    try {
      // No newline: readers use the file's content as the token, byte for byte.
      await handle.writeFile(token, 'utf8');
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, this.file);
  }

  /** An expired token must not be read: better no file than a stale one. */
  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }

  async remove(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  /** Synchronous, for the last moments of a process that is exiting. */
  removeSync(): void {
    try {
      rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while exiting.
    }
  }
}
