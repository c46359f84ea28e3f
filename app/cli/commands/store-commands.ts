import type { CliCommand } from '../command';

/** Light command objects; the work (crypto, stores, archives) is loaded only when one runs. */
const passphraseStdin = { type: 'boolean', help: 'read the passphrase from standard input' } as const;
const actions = () => import('./store-actions');

export const storeCommands: CliCommand[] = [
  {
    name: 'store',
    group: 'Accounts',
    summary: 'which store holds the secrets; `store use file|keychain` moves them',
    synopsis: '[use file|keychain] [--passphrase-stdin]',
    options: { 'passphrase-stdin': passphraseStdin },
    example: 'token-wallet store use file',
    completes: 'none',
    run: async (args, context) => (await actions()).runStore(args, context),
  },
  {
    name: 'export',
    group: 'Accounts',
    summary: 'write accounts, secrets and recipes to a passphrase-encrypted file',
    synopsis: 'FILE [--passphrase-stdin]',
    options: { 'passphrase-stdin': passphraseStdin },
    example: 'token-wallet export wallet.twx',
    completes: 'none',
    run: async (args, context) => (await actions()).runExport(args, context),
  },
  {
    name: 'import',
    group: 'Accounts',
    summary: 'add the accounts, secrets and recipes of an export file to this wallet',
    synopsis: 'FILE [--passphrase-stdin]',
    options: { 'passphrase-stdin': passphraseStdin },
    example: 'token-wallet import wallet.twx',
    completes: 'none',
    run: async (args, context) => (await actions()).runImport(args, context),
  },
];
