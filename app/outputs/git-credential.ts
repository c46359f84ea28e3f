import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/files';

/** git's credential-helper protocol: `key=value` lines up to a blank line or the end of input. */
export function parseCredentialInput(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed === '') break;
    const equals = trimmed.indexOf('=');
    if (equals > 0) fields.set(trimmed.slice(0, equals), trimmed.slice(equals + 1));
  }
  return fields;
}

/** The answer to `get`: the user, the token as the password, and when it expires (git ≥ 2.41 uses it). */
export function credentialAnswer(username: string, fresh: { token: string; expiresAt: number }): string {
  const safe = (value: string): string => value.replace(/[\r\n\0]/g, '');
  const expiry = Math.floor(fresh.expiresAt / 1000);
  return `username=${safe(username)}\npassword=${safe(fresh.token)}\npassword_expiry_utc=${expiry}\n`;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Tokens git reported as rejected (`erase`), one marker per account in the home, holding only a
 * hash of the token: the next `get` that would hand out the same token renews first.
 */
export class RejectedTokens {
  constructor(private readonly home: string) {}

  private file(account: string): string {
    return path.join(this.home, 'rejected', `${digest(account).slice(0, 32)}.txt`);
  }

  async mark(account: string, token: string): Promise<void> {
    await writeFileAtomic(this.file(account), `${digest(token)}\n`, { durable: false });
  }

  async isRejected(account: string, token: string): Promise<boolean> {
    try {
      return (await fs.readFile(this.file(account), 'utf8')).trim() === digest(token);
    } catch {
      return false;
    }
  }

  async clear(account: string): Promise<void> {
    await fs.rm(this.file(account), { force: true });
  }
}
