import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WalletError, usageError } from '../errors';

/** The file `token-wallet use NAME` writes: one line, the account name, for this directory and below. */
export const contextFileName = '.token-wallet';

/** The nearest `.token-wallet` file from `cwd` upward, or null. */
export function findContextFile(cwd: string): string | null {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, contextFileName);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
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
