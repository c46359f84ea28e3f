import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { WalletError } from '../errors';
import { readFileIfExists, withFileLock, writeFileAtomic } from '../store/files';
import {
  appendRecord,
  applyMutation,
  logPath,
  readLog,
  sealRecord,
  startLog,
  type LogPosition,
  type Mutation,
} from './file-log';
import { EnvelopeSchema, ItemsSchema, type Envelope, type Items, type KdfParams } from './envelope-schema';
import type { SecretStore } from './secret-store';

export { type Envelope, type Items, type KdfParams };

/** scrypt cost: N = 2^17 (128 MiB of memory per guess), r = 8, p = 1: OWASP's minimum for scrypt. */
export const defaultKdf = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;

export function deriveKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = 256 * kdf.N * kdf.r;
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(kdf.salt, 'base64'),
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem },
      (error, key) => (error === null ? resolve(key) : reject(error)),
    );
  });
}

export const keyCheck = (key: Buffer): string =>
  createHmac('sha256', key).update('token-wallet passphrase check').digest('base64');

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
    const decipher = createDecipheriv('chacha20-poly1305', key, Buffer.from(envelope.nonce, 'base64'), {
      authTagLength: 16,
    });
    const ciphertext = Buffer.from(envelope.ciphertext, 'base64');
    decipher.setAAD(associatedData, { plaintextLength: ciphertext.length });
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    const items = v.safeParse(ItemsSchema, JSON.parse(plain));
    return items.success ? items.output : null;
  } catch {
    return null;
  }
}

export function parseEnvelope(text: string | null): Envelope | null {
  if (text === null) return null;
  try {
    const envelope = v.safeParse(EnvelopeSchema, JSON.parse(text));
    return envelope.success ? envelope.output : null;
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
  /** Fold the log into a new snapshot past this many bytes (default: 256 KiB or twice the snapshot). */
  compactBytes?: number;
}

interface Entry {
  mutation: Mutation;
  existed: boolean;
}

const fileVersion = (stat: { ino: number; mtimeMs: number; size: number } | null): string =>
  stat === null ? '' : `${stat.ino}:${stat.mtimeMs}:${stat.size}`;

/**
 * Secrets in a passphrase-encrypted snapshot (`secrets.enc`, ChaCha20-Poly1305, scrypt) plus an
 * append-only log of individually encrypted writes (file-log.ts), for machines without a keychain.
 * Writes happen under the home's lock after catching up with the log, so CLI processes and the agent
 * never lose each other's writes; readers catch up from their last offset. The previous good
 * snapshot is kept as `<file>.bak`; a torn or damaged log record is ignored with all after it.
 */
export class EncryptedFileStore implements SecretStore {
  private key: Buffer | null = null;
  private kdf: KdfParams | null = null;
  private items: Items = {};
  /** Identity of the snapshot last read, its nonce (the log's base) and where this process stands in the log. */
  private loadedVersion = '';
  private base: string | null = null;
  private snapshotBytes = 0;
  private log: LogPosition | null = null;
  /** The write that callers of this tick may still join, and the changes it will apply. */
  private pending: Promise<void> | null = null;
  private batch: Entry[] | null = null;
  private mainIsGood = false;

  constructor(private readonly options: FileStoreOptions) {}

  private get lockFile(): string {
    return path.join(path.dirname(this.options.file), 'locks', 'secrets.lock');
  }

  private get logFile(): string {
    return logPath(this.options.file);
  }

  /** Opens (or creates) the file; a wrong passphrase is a credentials error and changes nothing. */
  async unlock(): Promise<void> {
    await this.reload(true);
  }

  private async reload(force = false): Promise<void> {
    const stat = await fs.stat(this.options.file).catch(() => null);
    const version = fileVersion(stat);
    if (!force && this.key !== null && version === this.loadedVersion) {
      await this.catchUp();
      return;
    }
    const main = parseEnvelope(await readFileIfExists(this.options.file));
    const backup = parseEnvelope(await readFileIfExists(`${this.options.file}.bak`));
    const envelope = main ?? backup;
    if (envelope === null) {
      if (stat !== null)
        throw new WalletError('config', `the secrets file ${this.options.file} is damaged and has no good copy`);
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
    if (items === null)
      throw new WalletError('config', `the secrets file ${this.options.file} is damaged and has no good copy`);
    this.items = items;
    this.base = (fromMain === null ? backup?.nonce : main?.nonce) ?? null;
    this.snapshotBytes = stat?.size ?? 0;
    this.loadedVersion = version;
    this.log = null;
    await this.catchUp();
  }

  /** Applies the log records written since this process last looked (by any process). */
  private async catchUp(): Promise<void> {
    if (this.key === null || this.base === null) return;
    const stat = await fs.stat(this.logFile).catch(() => null);
    if (this.log !== null && stat !== null && stat.ino === this.log.ino && stat.size === this.log.offset) return;
    const tail = await readLog(this.logFile, this.key, this.base, this.log);
    if (tail === null) {
      this.log = null;
      return;
    }
    for (const record of tail.records) for (const mutation of record) applyMutation(this.items, mutation);
    this.log = tail.position;
  }

  private async initialise(): Promise<void> {
    const cost = this.options.kdf ?? defaultKdf;
    this.kdf = { ...cost, salt: randomBytes(16).toString('base64') };
    this.mainIsGood = false;
    this.key = await deriveKey(this.options.passphrase, this.kdf);
    this.items = {};
    this.base = null;
    this.log = null;
  }

  async get(service: string, account: string): Promise<string | null> {
    await this.reload();
    return this.items[service]?.[account] ?? null;
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    await this.change([service, account, secret]);
  }

  async delete(service: string, account: string): Promise<boolean> {
    return this.change([service, account, null]);
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

  /** Writes everything as a new snapshot and starts its empty log (first write, or the log grew). */
  private async writeSnapshot(items: Items): Promise<void> {
    if (this.key === null || this.kdf === null) throw new WalletError('internal', 'the secrets file is locked');
    await this.keepLastGoodCopy();
    const envelope = seal(this.key, this.kdf, items);
    const text = JSON.stringify(envelope);
    await writeFileAtomic(this.options.file, text);
    this.items = items;
    this.mainIsGood = true;
    this.base = envelope.nonce;
    this.snapshotBytes = Buffer.byteLength(text);
    this.loadedVersion = fileVersion(await fs.stat(this.options.file));
    // A crash here leaves the old log, whose header names the old snapshot: it is ignored.
    this.log = await startLog(this.logFile, envelope.nonce);
  }

  /** Under the lock: catch up, append one record for the batch (or write a snapshot), apply it here. */
  private async commit(entries: Entry[]): Promise<void> {
    await withFileLock(this.lockFile, async () => {
      await this.reload();
      if (this.key === null || this.kdf === null) throw new WalletError('internal', 'the secrets file is locked');
      if (this.base === null || this.log === null) {
        const items = structuredClone(this.items);
        for (const entry of entries) entry.existed = applyMutation(items, entry.mutation);
        await this.writeSnapshot(items);
        return;
      }
      const line = sealRecord(
        this.key,
        this.base,
        this.log.seq,
        entries.map((entry) => entry.mutation),
      );
      this.log = await appendRecord(this.logFile, this.log, line);
      for (const entry of entries) entry.existed = applyMutation(this.items, entry.mutation);
      const limit = this.options.compactBytes ?? Math.max(256 * 1024, 2 * this.snapshotBytes);
      if (this.log.offset > limit) await this.writeSnapshot(this.items);
    });
  }

  /** Concurrent callers of one tick share one record and one flush. */
  private async change(mutation: Mutation): Promise<boolean> {
    const entry: Entry = { mutation, existed: false };
    const previous = this.pending;
    if (previous !== null && this.batch !== null) {
      this.batch.push(entry);
      await previous;
      return entry.existed;
    }
    const entries: Entry[] = [entry];
    this.batch = entries;
    const write = (async () => {
      // Let the other callers of this tick join the batch before it is written.
      await Promise.resolve();
      this.batch = null;
      await this.commit(entries);
    })();
    this.pending = write;
    try {
      await write;
    } finally {
      if (this.pending === write) this.pending = null;
    }
    return entry.existed;
  }
}
