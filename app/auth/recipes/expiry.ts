import { headerValue } from '../../providers/responses';
import type { HttpResponse } from '../../http/http-client';

/**
 * An absolute expiry is on the server's clock. We move it to ours with the answer's `Date` header
 * (one-second resolution), so a skewed server clock neither makes us hand out expired tokens nor
 * renew in a loop.
 */
export function serverToLocal(serverMs: number, response: HttpResponse): number {
  const serverDate = Date.parse(headerValue(response, 'date') ?? '');
  const skewMs = Number.isFinite(serverDate) ? response.receivedAt - serverDate : 0;
  // Date has whole seconds, so a skew under 1 s is just rounding: ignore it.
  const correction = Math.abs(skewMs) < 1000 ? 0 : skewMs;
  return serverMs + correction;
}

/** Epoch seconds, epoch milliseconds (13 digits) or an ISO-8601 / HTTP date, as epoch ms. */
export function absoluteTime(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof number === 'number') {
    if (!Number.isFinite(number) || number <= 0) return undefined;
    return number >= 1e11 ? number : number * 1000;
  }
  if (typeof value !== 'string' || value.length > 64) return undefined;
  // ISO-8601 without a zone is taken as UTC, as servers that send it mean (Keystone does).
  const text = /^\d{4}-\d\d-\d\dT[\d:.]+$/.test(value) ? `${value}Z` : value;
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A lifetime in seconds (number or numeric string), if positive. */
export function relativeSeconds(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}
