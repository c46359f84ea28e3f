import { createHash } from 'node:crypto';
import { WalletError } from '../errors';
import type { SecretStore } from './secret-store';

/** The most a secret may hold: big JWTs with many claims stay well under it. */
export const maxSecretBytes = 64 * 1024;
const marker = 'tw-chunks:';

const digest = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 16);

/** Splits text into pieces of at most `limit` UTF-8 bytes, never inside a character. */
export function splitByBytes(text: string, limit: number): string[] {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character);
    if (bytes + size > limit && current !== '') {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += character;
    bytes += size;
  }
  if (current !== '' || parts.length === 0) parts.push(current);
  return parts;
}

/**
 * Splits secrets larger than a keychain's item limit (Windows Credential Manager: 2,560 bytes)
 * into numbered items, transparently: the base item then holds `tw-chunks:<count>:<digest>`, and
 * a read checks the digest, so a half-written set reads as missing, never as a wrong secret.
 */
export class ChunkedSecretStore implements SecretStore {
  constructor(
    private readonly inner: SecretStore,
    /** Largest item the keychain takes, in UTF-8 bytes. */
    private readonly itemLimit: number,
  ) {}

  private chunkName = (account: string, index: number): string => `${account}#${index}`;

  async get(service: string, account: string): Promise<string | null> {
    const head = await this.inner.get(service, account);
    if (head === null || !head.startsWith(marker)) return head;
    const [countText, expected] = head.slice(marker.length).split(':');
    const count = Number(countText);
    if (!Number.isInteger(count) || count < 1 || count > 1024) return null;
    const parts = await Promise.all(
      Array.from({ length: count }, (_, index) => this.inner.get(service, this.chunkName(account, index))),
    );
    if (parts.some((part) => part === null)) return null;
    const value = parts.join('');
    return digest(value) === expected ? value : null;
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    if (Buffer.byteLength(secret) > maxSecretBytes)
      throw new WalletError(
        'unexpected',
        `a secret of ${Buffer.byteLength(secret)} bytes is over the ${maxSecretBytes}-byte limit`,
      );
    const previous = await this.chunkCount(service, account);
    if (Buffer.byteLength(secret) <= this.itemLimit && !secret.startsWith(marker)) {
      await this.inner.set(service, account, secret);
      await this.deleteChunks(service, account, 0, previous);
      return;
    }
    const parts = splitByBytes(secret, this.itemLimit);
    // Chunks first, head last: a reader sees the old secret or the whole new one.
    for (const [index, part] of parts.entries()) await this.inner.set(service, this.chunkName(account, index), part);
    await this.inner.set(service, account, `${marker}${parts.length}:${digest(secret)}`);
    await this.deleteChunks(service, account, parts.length, previous);
  }

  async delete(service: string, account: string): Promise<boolean> {
    const count = await this.chunkCount(service, account);
    const deleted = await this.inner.delete(service, account);
    await this.deleteChunks(service, account, 0, count);
    return deleted;
  }

  async list(service: string): Promise<string[]> {
    const names = await this.inner.list(service);
    return names.filter((name) => !/#\d+$/.test(name));
  }

  private async chunkCount(service: string, account: string): Promise<number> {
    const head = await this.inner.get(service, account);
    if (head === null || !head.startsWith(marker)) return 0;
    const count = Number(head.slice(marker.length).split(':')[0]);
    return Number.isInteger(count) && count > 0 ? count : 0;
  }

  private async deleteChunks(service: string, account: string, from: number, to: number): Promise<void> {
    for (let index = from; index < to; index += 1) await this.inner.delete(service, this.chunkName(account, index));
  }
}
