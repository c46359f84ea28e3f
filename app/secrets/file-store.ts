import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { WalletError } from '../errors';
import { readFileIfExists, withFileLock, writeFileAtomic } from '../store/files';
import type { SecretStore } from './secret-store';

/** scrypt cost: N = 2^17 (128 MiB of memory per guess), r = 8, p = 1: OWASP's minimum for scrypt. */
export interface KdfParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}

export const defaultKdf = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;

export interface Envelope {
  format: 'token-wallet-secrets';
  version: 1;
  kdf: KdfParams;
  /** HMAC of a fixed label under the key: tells a wrong passphrase from a damaged file. */
  check: string;
  nonce: string;
  ciphertext: string;
  tag: string;
}

export type Items = Record<string, Record<string, string>>;

export function deriveKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = 256 * kdf.N * kdf.r;
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

export const keyCheck = (key: Buffer): string => createHmac('sha256', key).update('token-wallet passphrase check').digest('base64');

/** Binds the ciphertext to this format and version. */
const associatedData = Buffer.from('token-wallet-secrets:1');

export function seal(key: Buffer, kdf: KdfParams, items: Items): Envelope {
  // A fresh 96-bit nonce per write: with one key per file and random nonces, reuse is negligible.
  const nonce = randomBytes(12);
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  const plain = Buffer.from(JSON.stringify(items), 'utf8');
  cipher.setAAD(associatedData, { plaintextLength: plain.length });
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    format: 'token-wallet-secrets',
    version: 1,
    kdf,
    check: keyCheck(key),
    nonce: nonce.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Decrypts an envelope; null when the file is damaged (bad JSON or a failed authentication tag). */
export function open(key: Buffer, envelope: Envelope): Items | null {
  try {
    const decipher = createDecipheriv('chacha20-poly1305', key, Buffer.from(envelope.nonce, 'base64'), { authTagLength: 16 });
    const ciphertext = Buffer.from(envelope.ciphertext, 'base64');
    decipher.setAAD(associatedData, { plaintextLength: ciphertext.length });
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    const items = JSON.parse(plain) as unknown;
    return typeof items === 'object' && items !== null ? (items as Items) : null;
  } catch {
    return null;
  }
}

export function parseEnvelope(text: string | null): Envelope | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<Envelope>;
    if (value.format !== 'token-wallet-secrets' || value.version !== 1 || typeof value.kdf?.salt !== 'string') return null;
    return value as Envelope;
  } catch {
    return null;
  }
}

export interface FileStoreOptions {
  /** The encrypted file, in the wallet home (`secrets.enc`). */
  file: string;
  passphrase: string;
  /** Lower cost for tests only; files record their own parameters. */
  kdf?: Omit<KdfParams, 'salt'>;
}

/**
 * Secrets in one passphrase-encrypted file (ChaCha20-Poly1305, scrypt), for machines without a keychain.
 * Every write re-reads the file under the home's lock, applies the change, and writes atomically,
 * so CLI processes and the agent never lose each other's writes. The previous good file is kept
 * as `<file>.bak` and used when the main file is damaged.
 */
export class EncryptedFileStore implements SecretStore {
  private key: Buffer | null = null;
  private kdf: KdfParams | null = null;
  private items: Items = {};
  /** Identity of the file last read (inode and mtime: every write renames a new inode in). */
  private loadedVersion = '';
  /** The write that callers of this tick may still join, and the mutations it will apply. */
  private pending: Promise<void> | null = null;
  private batch: Array<(items: Items) => void> | null = null;
  private mainIsGood = false;

  constructor(private readonly options: FileStoreOptions) {}

  private get lockFile(): string {
    return path.join(path.dirname(this.options.file), 'locks', 'secrets.lock');
  }

  /** Opens (or creates) the file; a wrong passphrase is a credentials error and changes nothing. */
  async unlock(): Promise<void> {
    await this.reload(true);
  }

  private async reload(force = false): Promise<void> {
    const stat = await fs.stat(this.options.file).catch(() => null);
    const version = stat === null ? '' : `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    if (!force && this.key !== null && version === this.loadedVersion) return;
    const main = parseEnvelope(await readFileIfExists(this.options.file));
    const backup = parseEnvelope(await readFileIfExists(`${this.options.file}.bak`));
    const envelope = main ?? backup;
    if (envelope === null) {
      if (stat !== null) throw new WalletError('config', `the secrets file ${this.options.file} is damaged and has no good copy`);
      await this.initialise();
      return;
    }
    if (this.key === null || this.kdf?.salt !== envelope.kdf.salt) {
      this.kdf = envelope.kdf;
      this.key = await deriveKey(this.options.passphrase, envelope.kdf);
    }
    const check = Buffer.from(envelope.check, 'base64');
    const expected = Buffer.from(keyCheck(this.key), 'base64');
    if (check.length !== expected.length || !timingSafeEqual(check, expected)) {
      this.key = null;
      throw new WalletError('credentials', `wrong passphrase for ${this.options.file}`);
    }
    const fromMain = main === null ? null : open(this.key, main);
    this.mainIsGood = fromMain !== null;
    const items = fromMain ?? (backup === null ? null : open(this.key, backup));
    if (items === null) throw new WalletError('config', `the secrets file ${this.options.file} is damaged and has no good copy`);
    this.items = items;
    this.loadedVersion = version;
  }

  private async initialise(): Promise<void> {
    const cost = this.options.kdf ?? defaultKdf;
    this.kdf = { ...cost, salt: randomBytes(16).toString('base64') };
    this.mainIsGood = false;
    this.key = await deriveKey(this.options.passphrase, this.kdf);
    this.items = {};
  }

  async get(service: string, account: string): Promise<string | null> {
    await this.reload();
    return this.items[service]?.[account] ?? null;
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    await this.change((items) => {
      (items[service] ??= {})[account] = secret;
    });
  }

  async delete(service: string, account: string): Promise<boolean> {
    let existed = false;
    await this.change((items) => {
      const entries = items[service];
      if (entries === undefined || !(account in entries)) return;
      existed = true;
      delete entries[account];
      if (Object.keys(entries).length === 0) delete items[service];
    });
    return existed;
  }

  async list(service: string): Promise<string[]> {
    await this.reload();
    return Object.keys(this.items[service] ?? {});
  }

  /** The file about to be replaced becomes the backup: a hard link, so no copy and no second flush. */
  private async keepLastGoodCopy(): Promise<void> {
    const file = this.options.file;
    // A damaged main file must never replace the good copy it was recovered from.
    if (!this.mainIsGood) return;
    const temporary = `${file}.bak.${process.pid}.tmp`;
    await fs.rm(temporary, { force: true });
    await fs.link(file, temporary);
    await fs.rename(temporary, `${file}.bak`);
  }

  /** Read-modify-write under the lock; concurrent callers in this process share one write. */
  private async change(mutate: (items: Items) => void): Promise<void> {
    const mutations: Array<(items: Items) => void> = [mutate];
    const previous = this.pending;
    if (previous !== null && this.batch !== null) {
      this.batch.push(mutate);
      return previous;
    }
    this.batch = mutations;
    const write = (async () => {
      // Let the other callers of this tick join the batch before it is written.
      await Promise.resolve();
      this.batch = null;
      await withFileLock(this.lockFile, async () => {
        await this.reload();
        if (this.key === null || this.kdf === null) throw new WalletError('internal', 'the secrets file is locked');
        const items = structuredClone(this.items);
        for (const apply of mutations) apply(items);
        await this.keepLastGoodCopy();
        await writeFileAtomic(this.options.file, JSON.stringify(seal(this.key, this.kdf, items)));
        this.items = items;
        this.mainIsGood = true;
        const stat = await fs.stat(this.options.file);
        this.loadedVersion = `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
      });
    })();
    this.pending = write;
    try {
      await write;
    } finally {
      if (this.pending === write) this.pending = null;
    }
  }

}
