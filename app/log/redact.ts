/**
 * The one redaction rule for everything the wallet writes to a log or a terminal it does not own:
 * exact secrets the wallet has handled (registered as they pass through), then the shapes secrets
 * come in, for text that never passed through us (a server's error body, a URL someone pasted).
 */
const knownSecrets = new Set<string>();
const maxKnownSecrets = 10_000;
export const redacted = '[redacted]';

/** Remembers a secret so that any later log line containing it is scrubbed (short values are too common to scrub). */
export function registerSecret(secret: string | undefined | null): void {
  if (secret === undefined || secret === null || secret.length < 6) return;
  if (knownSecrets.size >= maxKnownSecrets) knownSecrets.delete(knownSecrets.values().next().value as string);
  knownSecrets.add(secret);
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
  let result = text;
  for (const secret of knownSecrets) if (result.includes(secret)) result = result.split(secret).join(redacted);
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
