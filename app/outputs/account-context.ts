import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync, statSync, type Stats } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { WalletError, usageError } from '../errors';

/** The file `token-wallet use NAME` writes: one line, the account name, for this directory and below. */
export const contextFileName = '.token-wallet';

/** lstat, or null when nothing is there (a dangling link reads as nothing too, as before). */
function statIfExists(file: string, follow: boolean): Stats | null {
  try {
    return follow ? statSync(file) : lstatSync(file);
  } catch {
    return null;
  }
}

/**
 * A context file is looked for in every parent, /tmp and shared folders included: like git's
 * safe.directory, one that another user owns or could rewrite (or a link of theirs) is refused,
 * so nobody else picks which of our accounts a bare `token` or `exec` hands out.
 */
function checkContextFileOwner(file: string, link: Stats, target: Stats): void {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined || process.platform === 'win32') return;
  for (const stat of link.isSymbolicLink() ? [link, target] : [target]) {
    if (stat.uid !== uid)
      throw new WalletError('config', `refusing ${file}: it is owned by uid ${stat.uid}, not by you (uid ${uid})`);
  }
  if ((target.mode & 0o022) !== 0) {
    throw new WalletError(
      'config',
      `refusing ${file}: it is writable by group or others (mode ${(target.mode & 0o777).toString(8)}); ` +
        'run chmod 644 on it',
    );
  }
}

/** The nearest `.token-wallet` file from `cwd` upward, or null; refused when it is not the user's own. */
export function findContextFile(cwd: string): string | null {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, contextFileName);
    const link = statIfExists(candidate, false);
    const target = link === null ? null : statIfExists(candidate, true);
    if (link !== null && target?.isFile() === true) {
      checkContextFileOwner(candidate, link, target);
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * `use NAME`: written beside, then renamed over, so a `.token-wallet` symlink someone planted is
 * replaced, never written through (in a sticky folder, renaming over another user's file fails).
 */
export async function writeContextFile(dir: string, name: string): Promise<string> {
  const file = path.join(dir, contextFileName);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(`${name}\n`, 'utf8');
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new WalletError('config', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return file;
}

function readContextFile(file: string): string {
  const name = (readFileSync(file, 'utf8').split('\n')[0] ?? '').trim();
  if (name === '') throw usageError(`${file} is empty; write an account name in it with token-wallet use NAME`);
  return name;
}

/**
 * Which account a command means when NAME is left out: TOKEN_WALLET_ACCOUNT, else the nearest
 * `.token-wallet` file upward, else the only account. Listing the accounts is the caller's (it
 * needs the wallet), so it is asked for only when the cheaper sources say nothing.
 */
export async function resolveAccountName(
  given: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
  accountNames: () => Promise<string[]>,
  command: string,
): Promise<string> {
  if (given !== undefined && given !== '') return given;
  const fromEnv = env.TOKEN_WALLET_ACCOUNT;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const file = findContextFile(cwd);
  if (file !== null) return readContextFile(file);
  const names = await accountNames();
  if (names.length === 1 && names[0] !== undefined) return names[0];
  if (names.length === 0)
    throw new WalletError('usage', `${command} needs an account, and there is none yet; add one with token-wallet add`);
  throw usageError(
    `${command} needs an account name (or TOKEN_WALLET_ACCOUNT, or a ${contextFileName} file from token-wallet use ` +
      `NAME); accounts: ${names.join(', ')}`,
  );
}
