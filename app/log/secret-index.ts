/** The shortest secret worth scrubbing; also the length of the suffix secrets are indexed by. */
export const minSecretLength = 6;

/**
 * The secrets to scrub from log lines, found in a line in time linear in its length however many
 * are registered (10,000 accounts hold 30,000 or more; a scan of each per line cost 1.7 ms). Indexed
 * by their last characters, not their first: JWTs share their first thirty-odd characters, while
 * ends (signatures, random tails) rarely repeat. Counted, since the same value may be registered
 * more than once (one password for many accounts, a token both held and recently replaced).
 */
export class SecretIndex {
  private readonly counts = new Map<string, number>();
  /** Last `minSecretLength` characters → the secret, or the secrets, that end with them. */
  private readonly byEnd = new Map<string, string | string[]>();

  get size(): number {
    return this.counts.size;
  }

  add(secret: string): void {
    if (secret.length < minSecretLength) return;
    const count = this.counts.get(secret) ?? 0;
    this.counts.set(secret, count + 1);
    if (count > 0) return;
    const end = secret.slice(-minSecretLength);
    const bucket = this.byEnd.get(end);
    if (bucket === undefined) this.byEnd.set(end, secret);
    else if (typeof bucket === 'string') this.byEnd.set(end, [bucket, secret]);
    else bucket.push(secret);
  }

  delete(secret: string): void {
    const count = this.counts.get(secret);
    if (count === undefined) return;
    if (count > 1) {
      this.counts.set(secret, count - 1);
      return;
    }
    this.counts.delete(secret);
    const end = secret.slice(-minSecretLength);
    const bucket = this.byEnd.get(end);
    if (typeof bucket === 'string' || bucket === undefined) this.byEnd.delete(end);
    else {
      const rest = bucket.filter((candidate) => candidate !== secret);
      this.byEnd.set(end, rest.length === 1 ? (rest[0] as string) : rest);
    }
  }

  /** Where registered secrets occur in `text`, as [start, end) ranges, sorted, overlapping ones merged. */
  ranges(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    if (this.byEnd.size === 0) return found;
    for (let end = minSecretLength; end <= text.length; end += 1) {
      const bucket = this.byEnd.get(text.slice(end - minSecretLength, end));
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
