/** The shortest secret worth scrubbing; also the length of the suffix secrets are indexed by. */
export const minSecretLength = 6;

/** A number for the `minSecretLength` characters of `text` that end at `end` (equal ends, equal keys). */
function endKey(text: string, end: number): number {
  let key = 0;
  for (let index = end - minSecretLength; index < end; index += 1)
    key = (Math.imul(key, 31) + text.charCodeAt(index)) | 0;
  return key;
}

/**
 * The secrets to scrub from log lines, found in a line in time linear in its length however many
 * are registered (10,000 accounts hold 30,000 or more; a scan of each per line cost 1.7 ms). Indexed
 * by their last characters, not their first: JWTs share their first thirty-odd characters, while
 * ends (signatures, random tails) rarely repeat. Keys are numbers, not strings, and a value counted
 * only when registered more than once (one password for many accounts, a token both held and
 * recently replaced): at 10,000 accounts every byte per secret is 40 KB.
 */
export class SecretIndex {
  /** Key of the last `minSecretLength` characters → the secret, or the secrets, ending so (or colliding). */
  private readonly byEnd = new Map<number, string | string[]>();
  /** A value registered n > 1 times → n - 1. */
  private readonly repeats = new Map<string, number>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  private has(secret: string): boolean {
    const bucket = this.byEnd.get(endKey(secret, secret.length));
    return bucket === secret || (Array.isArray(bucket) && bucket.includes(secret));
  }

  add(secret: string): void {
    if (secret.length < minSecretLength) return;
    if (this.has(secret)) {
      this.repeats.set(secret, (this.repeats.get(secret) ?? 0) + 1);
      return;
    }
    const key = endKey(secret, secret.length);
    const bucket = this.byEnd.get(key);
    if (bucket === undefined) this.byEnd.set(key, secret);
    else if (typeof bucket === 'string') this.byEnd.set(key, [bucket, secret]);
    else bucket.push(secret);
    this.count += 1;
  }

  delete(secret: string): void {
    if (secret.length < minSecretLength || !this.has(secret)) return;
    const extra = this.repeats.get(secret);
    if (extra !== undefined) {
      if (extra > 1) this.repeats.set(secret, extra - 1);
      else this.repeats.delete(secret);
      return;
    }
    const key = endKey(secret, secret.length);
    const bucket = this.byEnd.get(key);
    if (typeof bucket === 'string' || bucket === undefined) this.byEnd.delete(key);
    else {
      const rest = bucket.filter((candidate) => candidate !== secret);
      this.byEnd.set(key, rest.length === 1 ? (rest[0] as string) : rest);
    }
    this.count -= 1;
  }

  /** Where registered secrets occur in `text`, as [start, end) ranges, sorted, overlapping ones merged. */
  ranges(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    if (this.byEnd.size === 0) return found;
    for (let end = minSecretLength; end <= text.length; end += 1) {
      const bucket = this.byEnd.get(endKey(text, end));
      if (bucket === undefined) continue;
      for (const secret of typeof bucket === 'string' ? [bucket] : bucket) {
        const start = end - secret.length;
        if (start >= 0 && text.startsWith(secret, start)) found.push([start, end]);
      }
    }
    found.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const range of found) {
      const last = merged[merged.length - 1];
      if (last !== undefined && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    return merged;
  }
}
