import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WalletError, usageError } from '../errors';
import { openSecretStore, type OpenedStore, type StoreKind } from '../secrets/open-secret-store';
import type { CliIo } from './cli';
import { promptPassword, readPasswordFromStdin } from './password-input';

/** Where a passphrase comes from: `--passphrase-stdin`, TOKEN_WALLET_PASSPHRASE_FILE, else a prompt without echo. */
export function passphraseSource(
  io: CliIo,
  options: { stdin?: boolean; prompt?: string; noTerminal?: string } = {},
): () => Promise<string> {
  return async () => {
    if (options.stdin === true) return readPasswordFromStdin(io.stdin);
    const file = io.env.TOKEN_WALLET_PASSPHRASE_FILE;
    if (file !== undefined && file !== '') {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new WalletError('config', `cannot read the passphrase file ${file}: ${error.code ?? error.message}`);
      });
      const passphrase = text.replace(/\r?\n$/, '');
      if (passphrase === '') throw usageError(`the passphrase file ${file} is empty`);
      return passphrase;
    }
    return promptPassword(
      options.prompt ?? 'Passphrase for the wallet’s secrets file: ',
      io.stdin,
      io.stderr as NodeJS.WriteStream,
      // Not "--password-stdin": that may be how the account's password came in already.
      options.noTerminal ??
        'no terminal to ask for the passphrase; pipe it with --passphrase-stdin or set TOKEN_WALLET_PASSPHRASE_FILE',
    );
  };
}

export function parseStoreKind(value: string | undefined): StoreKind | undefined {
  if (value === undefined) return undefined;
  if (value === 'keychain' || value === 'file') return value;
  throw usageError(`--store must be "keychain" or "file", not "${value}"`);
}

/** The home's secret store, as every CLI process opens it (the agent opens it once and keeps it). */
export function openHomeStore(
  home: string,
  io: CliIo,
  options: { requested?: StoreKind; passphraseStdin?: boolean } = {},
): Promise<OpenedStore> {
  return openSecretStore({
    home,
    env: io.env,
    ...(options.requested === undefined ? {} : { requested: options.requested }),
    passphrase: passphraseSource(io, {
      stdin: options.passphraseStdin === true,
      noTerminal:
        `no terminal to ask for the passphrase of ${path.join(home, 'secrets.enc')}; ` +
        'set TOKEN_WALLET_PASSPHRASE_FILE to a file that holds it',
    }),
    notice: (text) => io.stderr.write(`token-wallet: ${text}\n`),
  });
}
