import { usageError } from './errors';

/** The rules for every URL the wallet sends credentials to, typed by the user or read from a server. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** An http(s) URL without credentials, query or fragment; plain HTTP only to loopback unless allowed. */
export function validateUrl(value: unknown, field: string, allowHttp: boolean): string {
  if (typeof value !== 'string' || value.trim() === '') throw usageError(`missing ${field}`, field);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw usageError(`malformed ${field} "${value}"`, field);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError(`${field} must start with https:// (got ${url.protocol.replace(':', '')})`, field);
  }
  if (url.username !== '' || url.password !== '') throw usageError(`${field} must not contain credentials`, field);
  if (url.search !== '' || url.hash !== '') throw usageError(`${field} must not contain a query or fragment`, field);
  if (url.protocol === 'http:' && !allowHttp && !isLoopbackHost(url.hostname)) {
    throw usageError(
      `${field} uses plain http to ${url.hostname}; use https, or pass --allow-http if you really mean it`,
      field,
    );
  }
  return url.toString().replace(/\/+$/, '');
}
