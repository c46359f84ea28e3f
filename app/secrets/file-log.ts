import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { privateFileMode, writeFileAtomic } from '../store/files';
import type { Items } from './file-store';

/**
 * The file store's append-only log (`secrets.enc.log`): one header line naming the snapshot it
 * extends (the snapshot's nonce), then one line per write, each encrypted on its own with a fresh
 * nonce and authenticated together with that snapshot id and its sequence number, so a record can
 * be neither moved to another snapshot nor reordered. A write appends one short line and flushes it
 * instead of re-encrypting every secret; the log is folded into a new snapshot when it grows.
 */

/** One change: a secret set, or deleted (null). */
export type Mutation = [service: string, account: string, secret: string | null];

export const logPath = (file: string): string => `${file}.log`;

const associatedData = (base: string, seq: number): Buffer => Buffer.from(`token-wallet-secrets-log:1:${base}:${seq}`);

export function sealRecord(key: Buffer, base: string, seq: number, mutations: Mutation[]): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  const plain = Buffer.from(JSON.stringify(mutations), 'utf8');
  cipher.setAAD(associatedData(base, seq), { plaintextLength: plain.length });
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64')}\n`;
}

function openRecord(key: Buffer, base: string, seq: number, line: string): Mutation[] | null {
  try {
    const bytes = Buffer.from(line, 'base64');
    if (bytes.length < 28) return null;
    const decipher = createDecipheriv('chacha20-poly1305', key, bytes.subarray(0, 12), { authTagLength: 16 });
    const body = bytes.subarray(12, bytes.length - 16);
    decipher.setAAD(associatedData(base, seq), { plaintextLength: body.length });
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const value = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as unknown;
    return Array.isArray(value) ? (value as Mutation[]) : null;
  } catch {
    return null;
  }
}

/** Applies one change; says whether the item existed before. */
export function applyMutation(items: Items, [service, account, secret]: Mutation): boolean {
  const entries = items[service];
  const existed = entries !== undefined && account in entries;
  if (secret !== null) (items[service] ??= {})[account] = secret;
  else if (existed) {
    delete entries[account];
    if (Object.keys(entries).length === 0) delete items[service];
  }
  return existed;
}

/** Where a reader of the log stands: the file (inode), the end of its last good record, the next sequence number. */
export interface LogPosition {
  ino: number;
  offset: number;
  seq: number;
}

export interface LogTail {
  position: LogPosition;
  records: Mutation[][];
  /** The file holds bytes after the last good record: a torn write, or a damaged record. */
  damagedTail: boolean;
}

const headerLine = (base: string): string =>
  `${JSON.stringify({ format: 'token-wallet-secrets-log', version: 1, base })}\n`;

/**
 * Reads the records after `from` (or the whole log when it is another file); null when there is no
 * log for this snapshot. Reading stops at the first torn or damaged record: what came before is kept.
 */
export async function readLog(
  file: string,
  key: Buffer,
  base: string,
  from: LogPosition | null,
): Promise<LogTail | null> {
  const handle = await fs.open(file, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const stat = await handle.stat();
    const start = from !== null && from.ino === stat.ino && from.offset <= stat.size ? from : null;
    const offset = start?.offset ?? 0;
    const buffer = Buffer.alloc(stat.size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    const text = buffer.toString('utf8');
    let cursor = 0;
    let seq = start?.seq ?? 0;
    if (start === null) {
      const end = text.indexOf('\n');
      if (end < 0 || text.slice(0, end + 1) !== headerLine(base)) return null;
      cursor = end + 1;
    }
    const records: Mutation[][] = [];
    for (let end = text.indexOf('\n', cursor); end >= 0; end = text.indexOf('\n', cursor)) {
      const record = openRecord(key, base, seq, text.slice(cursor, end));
      if (record === null) break;
      records.push(record);
      seq += 1;
      cursor = end + 1;
    }
    return {
      position: { ino: stat.ino, offset: offset + Buffer.byteLength(text.slice(0, cursor)), seq },
      records,
      damagedTail: cursor < text.length,
    };
  } finally {
    await handle.close();
  }
}

/** A new, empty log for a snapshot (atomically: readers see the old log or the new one). */
export async function startLog(file: string, base: string): Promise<LogPosition> {
  await writeFileAtomic(file, headerLine(base));
  const stat = await fs.stat(file);
  return { ino: stat.ino, offset: stat.size, seq: 0 };
}

/** Appends one record at the end of the last good one (dropping a torn tail) and flushes it. */
export async function appendRecord(file: string, position: LogPosition, line: string): Promise<LogPosition> {
  const handle = await fs.open(file, 'r+', privateFileMode);
  try {
    const bytes = Buffer.from(line, 'utf8');
    await handle.write(bytes, 0, bytes.length, position.offset);
    await handle.truncate(position.offset + bytes.length);
    await handle.datasync();
    return { ino: position.ino, offset: position.offset + bytes.length, seq: position.seq + 1 };
  } finally {
    await handle.close();
  }
}
