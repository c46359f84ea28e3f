/**
 * The one redaction rule for everything the wallet writes to a log or a terminal it does not own:
 * exact secrets the wallet has handled (registered as they pass through), then the shapes secrets
 * come in, for text that never passed through us (a server's error body, a URL someone pasted).
 */
import { minSecretLength, SecretIndex } from './secret-index';

/** What a secret is to the account that holds it. */
export type HeldSecretKind = 'password' | 'access' | 'refresh';
/** Per account id, the secrets it holds now (shared id strings: no key built per renewal). */
const heldSecrets = new Map<string, Partial<Record<HeldSecretKind, string>>>();
/** Secrets with no holder, and those an account held before (a replaced token may live until it expires). */
const recentSecrets = new Set<string>();
const maxRecentSecrets = 10_000;
/**
 * The same secrets in the order they came, as a ring: the oldest is the next to go. A Set's own first
 * value is not cheap to find once its oldest were deleted (its iterator steps over every hole left
 * since the table was last rebuilt): that took 3 % of an agent's CPU at 10,000 accounts.
 */
const recentOrder: string[] = [];
let oldestRecent = 0;
/** Every value in the two above, counted, to find them in a line whatever their number. */
const registered = new SecretIndex();
export const redacted = '[redacted]';

function rememberRecent(secret: string): void {
  if (recentSecrets.has(secret)) return;
  if (recentOrder.length < maxRecentSecrets) recentOrder.push(secret);
  else {
    const oldest = recentOrder[oldestRecent] as string;
    recentSecrets.delete(oldest);
    registered.delete(oldest);
    recentOrder[oldestRecent] = secret;
    oldestRecent = (oldestRecent + 1) % maxRecentSecrets;
  }
  recentSecrets.add(secret);
  registered.add(secret);
}

/**
 * Remembers a secret so that any later log line containing it is scrubbed (short values are too
 * common to scrub). With a holder (an account id and what the secret is to it), what an account
 * holds now is kept for as long as it holds it, so at any scale no current password or token is
 * crowded out by other renewals' tokens; the value it replaces joins the bounded recent ones.
 */
export function registerSecret(
  secret: string | undefined | null,
  holder?: { accountId: string; kind: HeldSecretKind },
): void {
  if (secret === undefined || secret === null || secret.length < minSecretLength) return;
  if (holder === undefined) return rememberRecent(secret);
  let held = heldSecrets.get(holder.accountId);
  if (held === undefined) heldSecrets.set(holder.accountId, (held = {}));
  const before = held[holder.kind];
  if (before === secret) return;
  held[holder.kind] = secret;
  registered.add(secret);
  if (before === undefined) return;
  rememberRecent(before);
  registered.delete(before);
}

/** Every registered secret in `text` replaced (overlapping ones as one). */
function redactRegistered(text: string): string {
  const ranges = registered.ranges(text);
  if (ranges.length === 0) return text;
  let result = '';
  let from = 0;
  for (const [start, end] of ranges) {
    result += `${text.slice(from, start)}${redacted}`;
    from = end;
  }
  return result + text.slice(from);
}

const secretKeyNames = [
  'pass(?:word|wd|phrase)?',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'api_?key',
  'authorization',
  'cookie',
  'code_verifier',
];
const secretKey = `(?:${secretKeyNames.join('|')})`;

const shapes: ReadonlyArray<[RegExp, string]> = [
  // JWTs (access, ID and refresh tokens of OIDC servers, Sensu's tokens).
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, redacted],
  // Authorization header values, wherever they appear.
  [/\b(Bearer|Basic|Token|Negotiate)\s+[\w\-.~+/=:]{4,}/gi, `$1 ${redacted}`],
  // key=value and key: value pairs (forms, query strings, headers, log fields).
  [new RegExp(String.raw`\b(${secretKey})\b(\s*[=:]\s*)(?!\s*\[redacted\])("?)[^\s&"',;]+`, 'gi'), `$1$2$3${redacted}`],
  // JSON members: "access_token": "…".
  [new RegExp(String.raw`("[\w-]*${secretKey}[\w-]*"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'), `$1"${redacted}"`],
  // An authorization code in a redirect URL.
  [/([?&]code=)[^&\s#]+/g, `$1${redacted}`],
  // Credentials in URLs, and the dashboard's secret in a link fragment.
  [/(\b[a-z][\w+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${redacted}@`],
  [/(\bhttps?:\/\/127\.0\.0\.1(?::\d+)?\/[^\s#]*#)[^\s]+/gi, `$1${redacted}`],
  // Long opaque runs (base64, hex): tokens of APIs with no recognisable shape. UUIDs are ids, not secrets.
  [
    new RegExp(
      String.raw`(?<![\w-])(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-]))` +
        String.raw`(?=[\w+/=\-.~]*\d)(?=[\w+/=\-.~]*[A-Za-z])[\w+/=\-.~]{32,}`,
      'g',
    ),
    redacted,
  ],
];

export function redactText(text: string): string {
  let result = redactRegistered(text);
  for (const [pattern, replacement] of shapes) result = result.replace(pattern, replacement);
  return result;
}

const secretField = new RegExp(String.raw`^(?:${secretKey}|.*(?:password|secret|token|authorization|cookie))$`, 'i');

/** Redacts every string in a log record; fields named like secrets are dropped whole. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return { type: value.name, message: redactText(value.message) };
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value))
    result[key] = secretField.test(key) ? redacted : redactValue(field, depth + 1);
  return result;
}
