import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { connectAgent } from '../../agent/agent-client';
import { usageError } from '../../errors';
import type { AccountRecord } from '../../model';
import { secretStoreDescription } from '../../common/secret-store-info';
import { openKind, recordedStore, recordStore, secretStoreInfo } from '../../secrets/open-secret-store';
import { serviceName } from '../../secrets/keychain-items';
import { moveSecrets } from '../../secrets/store-migration';
import { openArchive, sealArchive, type WalletArchive } from '../../secrets/wallet-archive';
import { ConfigStore } from '../../store/config-store';
import { writeFileAtomic } from '../../store/files';
import { parse } from '../cli';
import type { CommandContext } from '../command';
import { openHomeStore, parseStoreKind, passphraseSource } from '../store-access';

/** Moving or importing secrets under a running agent would race its in-memory copies. */
async function refuseWhileAgentRuns(home: string, what: string): Promise<void> {
  const agent = await connectAgent(home);
  if (agent === null) return;
  await agent.close();
  throw usageError(`an agent (or the app) is running for this wallet; stop it before ${what}`);
}

async function showStore(context: CommandContext): Promise<number> {
  const info = await secretStoreInfo(context.home);
  context.io.stdout.write(`secrets: ${secretStoreDescription(info)}\nwallet home: ${context.home}\n`);
  return 0;
}

async function useStore(
  target: string | undefined,
  context: CommandContext,
  passphraseStdin: boolean,
): Promise<number> {
  const kind = parseStoreKind(target);
  if (kind === undefined) throw usageError('store use needs "file" or "keychain"');
  await refuseWhileAgentRuns(context.home, 'moving its secrets');
  const current = (await recordedStore(context.home)) ?? 'keychain';
  if (current === kind) {
    context.io.stdout.write(`secrets are already in the ${kind === 'file' ? 'encrypted file' : 'keychain'}\n`);
    return 0;
  }
  const passphrase = passphraseSource(context.io, { stdin: passphraseStdin });
  const from = await openKind(current, { home: context.home, env: context.io.env, passphrase });
  const to = await openKind(kind, { home: context.home, env: context.io.env, passphrase });
  const walletId = await new ConfigStore(context.home).walletId();
  const moved = await moveSecrets(from.store, to.store, serviceName(walletId), () => recordStore(context.home, kind));
  context.io.stdout.write(`moved ${moved} secret(s) to ${to.location}\n`);
  return 0;
}

export async function runStore(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, { 'passphrase-stdin': { type: 'boolean' } }, 2, 'store');
  if (positionals.length === 0) return showStore(context);
  if (positionals[0] !== 'use')
    throw usageError(`unknown store action "${positionals[0]}"; try: token-wallet store use file`);
  return useStore(positionals[1], context, values['passphrase-stdin'] === true);
}

async function recipesOf(home: string): Promise<Record<string, string>> {
  const dir = path.join(home, 'providers');
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = await Promise.all(
    names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const),
  );
  return Object.fromEntries(entries);
}

export async function runExport(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, { 'passphrase-stdin': { type: 'boolean' } }, 1, 'export');
  const file = positionals[0];
  if (file === undefined) throw usageError('export needs a file name');
  const config = await new ConfigStore(context.home).read();
  const { store } = await openHomeStore(context.home, context.io);
  const service = serviceName(config.walletId);
  const secrets: Record<string, string> = {};
  for (const name of await store.list(service)) {
    const value = await store.get(service, name);
    if (value !== null) secrets[name] = value;
  }
  const passphrase = await passphraseSource(context.io, {
    stdin: values['passphrase-stdin'] === true,
    prompt: 'Passphrase for the export file: ',
  })();
  const archive: WalletArchive = { accounts: config.accounts, secrets, recipes: await recipesOf(context.home) };
  await writeFileAtomic(path.resolve(file), await sealArchive(archive, passphrase));
  context.io.stdout.write(`exported ${config.accounts.length} account(s) to ${file}\n`);
  return 0;
}

/**
 * Nothing of this wallet is replaced: not an account (by name, or by id: an old export of this wallet, the account
 * renamed since, would put stale secrets under the current account), not an installed recipe of other content.
 */
async function refuseClashes(archive: WalletArchive, accounts: readonly AccountRecord[], home: string): Promise<void> {
  const names = new Set(accounts.map((account) => account.name));
  const ids = new Set(accounts.map((account) => account.id));
  const clashes = archive.accounts.filter((account) => names.has(account.name)).map((account) => account.name);
  if (clashes.length > 0)
    throw usageError(
      `this wallet already has ${clashes.map((name) => `"${name}"`).join(', ')}; remove or rename them first`,
    );
  const same = archive.accounts.find((account) => ids.has(account.id));
  if (same !== undefined)
    throw usageError(`this wallet already has the account exported as "${same.name}" (under another name)`);
  for (const [name, recipe] of Object.entries(archive.recipes)) {
    const installed = await readFile(path.join(home, 'providers', name), 'utf8').catch(() => null);
    if (installed !== null && installed !== recipe)
      throw usageError(`this wallet already has another recipe ${name}; remove it first (providers remove)`);
  }
}

export async function runImport(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, { 'passphrase-stdin': { type: 'boolean' } }, 1, 'import');
  const file = positionals[0];
  if (file === undefined) throw usageError('import needs a file name');
  await refuseWhileAgentRuns(context.home, 'importing');
  const text = await readFile(path.resolve(file), 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw usageError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  const passphrase = await passphraseSource(context.io, {
    stdin: values['passphrase-stdin'] === true,
    prompt: 'Passphrase of the export file: ',
  })();
  const archive = await openArchive(text, passphrase, file);
  const configStore = new ConfigStore(context.home);
  await refuseClashes(archive, (await configStore.read()).accounts, context.home);
  const { store } = await openHomeStore(context.home, context.io);
  const service = serviceName(await configStore.walletId());
  for (const [name, value] of Object.entries(archive.secrets)) await store.set(service, name, value);
  await configStore.update((config) => {
    config.accounts.push(...archive.accounts);
  });
  for (const [name, recipe] of Object.entries(archive.recipes))
    await writeFileAtomic(path.join(context.home, 'providers', name), recipe);
  context.io.stdout.write(`imported ${archive.accounts.length} account(s) from ${file}\n`);
  return 0;
}
