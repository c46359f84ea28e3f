import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';
import { WalletError } from '../errors';
import { checkArchive } from './archive-check';
import { StoredAccountSchema } from '../store/config-schema';
import type { AccountRecord } from '../model';
import { defaultKdf, deriveKey, keyCheck, open, parseEnvelope, seal, type KdfParams } from './file-store';

/** What `token-wallet export` carries to another machine: accounts, their secrets, and recipes. */
export interface WalletArchive {
  accounts: AccountRecord[];
  /** Keychain items by item name (`<account id>:password`, `<account id>:session`, …). */
  secrets: Record<string, string>;
  /** Installed recipe files by file name. */
  recipes: Record<string, string>;
}

/** The same envelope as the encrypted file store (AES-256-GCM, scrypt), with its own passphrase. */
export async function sealArchive(
  archive: WalletArchive,
  passphrase: string,
  cost: Omit<KdfParams, 'salt'> = defaultKdf,
): Promise<string> {
  const kdf: KdfParams = { ...cost, salt: randomBytes(16).toString('base64') };
  const key = await deriveKey(passphrase, kdf);
  const items = {
    accounts: { json: JSON.stringify(archive.accounts) },
    secrets: archive.secrets,
    recipes: archive.recipes,
  };
  return `${JSON.stringify({ ...seal(key, kdf, items), format: 'token-wallet-secrets', purpose: 'export' })}\n`;
}

export async function openArchive(text: string, passphrase: string, file: string): Promise<WalletArchive> {
  const envelope = parseEnvelope(text);
  if (envelope === null) throw new WalletError('usage', `${file} is not a token-wallet export`);
  const key = await deriveKey(passphrase, envelope.kdf);
  const check = Buffer.from(envelope.check, 'base64');
  const expected = Buffer.from(keyCheck(key), 'base64');
  if (check.length !== expected.length || !timingSafeEqual(check, expected))
    throw new WalletError('credentials', `wrong passphrase for ${file}`);
  const items = open(key, envelope);
  if (items === null) throw new WalletError('config', `${file} is damaged`);
  const accounts = v.safeParse(v.array(StoredAccountSchema), JSON.parse(items.accounts?.json ?? '[]'));
  if (!accounts.success) throw new WalletError('config', `${file} holds a malformed account; nothing was imported`);
  const archive = { accounts: accounts.output, secrets: items.secrets ?? {}, recipes: items.recipes ?? {} };
  checkArchive(archive, file);
  return archive;
}
