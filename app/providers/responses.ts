import * as v from 'valibot';
import { WalletError } from '../errors';
import type { HttpResponse } from '../http/http-client';

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** Base URL (no trailing slash) plus an absolute path. */
export function endpoint(baseUrl: string, path: string): URL {
  return new URL(endpointText(baseUrl, path));
}

/** endpoint()'s URL as text. */
export function endpointText(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

export function headerValue(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * When the server will take another request: Retry-After (seconds or HTTP date), or an exhausted
 * X-RateLimit-Remaining with its X-RateLimit-Reset (epoch seconds, as VSS documents).
 */
export function retryAtFrom(response: HttpResponse): number | undefined {
  const retryAt = rawRetryAt(response);
  if (retryAt === undefined || !Number.isFinite(retryAt)) return undefined;
  // A hostile or broken server must not park an account for years: wait at most a day.
  return Math.min(retryAt, response.receivedAt + maxRetryWaitMs);
}

const maxRetryWaitMs = 24 * 60 * 60 * 1000;

function rawRetryAt(response: HttpResponse): number | undefined {
  const retryAfter = headerValue(response, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return response.receivedAt + seconds * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return date;
  }
  const remaining = headerValue(response, 'x-ratelimit-remaining');
  const reset = Number(headerValue(response, 'x-ratelimit-reset'));
  if (remaining !== undefined && Number(remaining) <= 0 && Number.isFinite(reset) && reset > 0) {
    return reset * 1000;
  }
  return undefined;
}

/** ASCII white space as trimStart() sees it (tab, line feed, vertical tab, form feed, return, space). */
const isSpaceByte = (byte: number): boolean => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);

function looksLikeHtml(response: HttpResponse): boolean {
  const type = headerValue(response, 'content-type') ?? '';
  if (/html/i.test(type)) return true;
  // Only a body that starts with "<" (after ASCII white space; anything non-ASCII, a BOM say, is looked at as
  // before) can be a page: a JSON answer is decided here without a string made of it.
  const { body } = response;
  let first = 0;
  while (first < body.length && first < 64 && isSpaceByte(body[first] as number)) first += 1;
  if (body[first] !== 0x3c && (body[first] ?? 0) < 0x80) return false;
  const start = body.subarray(0, 64).toString('utf8').trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

export function readJson(response: HttpResponse, server: string): Record<string, unknown> {
  if (looksLikeHtml(response)) {
    throw new WalletError(
      'unexpected',
      `answered HTTP ${response.status} with an HTML page instead of JSON; check the URL`,
      {
        server,
        status: response.status,
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new WalletError('unexpected', `answered HTTP ${response.status} with malformed JSON`, {
      server,
      status: response.status,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new WalletError('unexpected', `answered HTTP ${response.status} with JSON that is not an object`, {
      server,
      status: response.status,
    });
  }
  return parsed as Record<string, unknown>;
}

const reason = v.fallback(
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.nonEmpty(),
      v.transform((text) => text.slice(0, 200)),
    ),
  ),
  undefined,
);
/** The fields of an error answer a person may read, in order of preference; anything else is never shown. */
const ServerReasonSchema = v.object({ error_description: reason, message: reason, error: reason });

/** A JSON body's human-readable reason, if the server gave one (never echoes tokens: only known fields). */
export function serverReason(response: HttpResponse): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined; // Not JSON: no reason to show.
  }
  const known = v.safeParse(ServerReasonSchema, body);
  if (!known.success) return undefined;
  return known.output.error_description ?? known.output.message ?? known.output.error;
}

const maxTokenLength = 64 * 1024;
const printableAscii = /^[\u0021-\u007e]+$/;
/**
 * A token as a server may send it: printable ASCII without spaces (RFC 6750's b64token and every
 * format the five APIs document: JWT, base64, base64url), at most 64 KiB.
 */
export const AccessTokenSchema = v.pipe(v.string(), v.maxLength(maxTokenLength), v.regex(printableAscii));

/** A token as the server sent it, refused when it could not go into a header or a terminal unchanged. */
export function checkToken(value: string, server: string, what = 'token'): string {
  // AccessTokenSchema's checks, written out: this runs on every renewal, and a schema run allocates.
  if (typeof value !== 'string' || value.length > maxTokenLength || !printableAscii.test(value)) {
    throw new WalletError('unexpected', `answered with a ${what} that is not printable ASCII; refused`, { server });
  }
  return value;
}

/** A rate limit: the renewal waits until `retryAt` when the server says (Retry-After, reset headers). */
export function rateLimitedError(server: string, status: number, retryAt: number | undefined): WalletError {
  const when = retryAt === undefined ? '' : `; retry after ${new Date(retryAt).toISOString()}`;
  return new WalletError('unexpected', `rate limited (HTTP ${status})${when}`, {
    server,
    status,
    rateLimited: true,
    ...(retryAt === undefined ? {} : { retryAt }),
  });
}

/**
 * The failure for a non-2xx answer. `credentialStatuses` are the statuses this API uses for
 * rejected credentials; everything else is an unexpected answer (with rate limits marked).
 */
export function failureFor(
  response: HttpResponse,
  server: string,
  credentialStatuses: readonly number[] = [401, 403],
  what = 'the credentials',
): WalletError {
  const { status } = response;
  const reason = serverReason(response);
  const retryAt = retryAtFrom(response);
  if (status === 429 || (retryAt !== undefined && status === 503)) return rateLimitedError(server, status, retryAt);
  if (credentialStatuses.includes(status)) {
    return new WalletError(
      'credentials',
      `${what} were rejected (HTTP ${status}${reason === undefined ? '' : `: ${reason}`})`,
      { server, status },
    );
  }
  if (status >= 500) {
    return new WalletError('unexpected', `server error (HTTP ${status}${reason === undefined ? '' : `: ${reason}`})`, {
      server,
      status,
    });
  }
  return new WalletError('unexpected', `unexpected answer HTTP ${status}${reason === undefined ? '' : `: ${reason}`}`, {
    server,
    status,
  });
}

export function isSuccess(response: HttpResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** Remaining quota from a successful answer: an exhausted window means no token request before its reset. */
export function throttleFrom(response: HttpResponse): { throttledUntil?: number } {
  const remaining = headerValue(response, 'x-ratelimit-remaining');
  if (remaining === undefined || Number(remaining) > 0) return {};
  const retryAt = retryAtFrom(response);
  return retryAt === undefined ? {} : { throttledUntil: retryAt };
}
