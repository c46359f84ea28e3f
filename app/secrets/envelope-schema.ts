import * as v from 'valibot';

/**
 * The encrypted secrets file (`secrets.enc`) and sealed exports: one ChaCha20-Poly1305 envelope.
 * A file that does not fit is damaged (the backup is tried); the scrypt cost is bounded, so a
 * tampered file cannot make an unlock ask for gigabytes.
 */

const base64 = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));
const whole = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/** scrypt cost: N = 2^17 (128 MiB of memory per guess), r = 8, p = 1 by default: OWASP's minimum for scrypt. */
export const KdfParamsSchema = v.object({
  name: v.literal('scrypt'),
  // A power of two; at most 2^20 (1 GiB with r = 8).
  N: v.pipe(
    whole(2, 2 ** 20),
    v.check((n) => (n & (n - 1)) === 0),
  ),
  r: whole(1, 32),
  p: whole(1, 16),
  salt: base64,
});
/** scrypt's memory (128·N·r bytes) at most 1 GiB and its work (N·r·p) at most 8 times the default's: r and p too. */
const BoundedKdfSchema = v.pipe(
  KdfParamsSchema,
  v.check(({ N, r, p }) => 128 * N * r <= 2 ** 30 && N * r * p <= 2 ** 23),
);
export type KdfParams = v.InferOutput<typeof KdfParamsSchema>;

export const EnvelopeSchema = v.object({
  format: v.literal('token-wallet-secrets'),
  version: v.literal(1),
  kdf: BoundedKdfSchema,
  /** HMAC of a fixed label under the key: tells a wrong passphrase from a damaged file. */
  check: base64,
  nonce: base64,
  ciphertext: base64,
  tag: base64,
});
export type Envelope = v.InferOutput<typeof EnvelopeSchema>;

/** What an envelope holds: items by service (or part of an export), each a name → secret text. */
export const ItemsSchema = v.record(v.string(), v.record(v.string(), v.string()));
export type Items = v.InferOutput<typeof ItemsSchema>;
