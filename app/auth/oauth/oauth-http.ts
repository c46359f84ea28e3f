import * as oauth from 'oauth4webapi';
import type { HttpRequest, HttpResponse } from '../../http/http-client';
import type { ProviderContext } from '../../providers/provider';

/**
 * What oauth4webapi needs for every request: our transport (per-account CA, time-out, size cap) instead of global
 * fetch.
 */
export interface OAuthHttp {
  [oauth.customFetch]: (url: string, options: oauth.CustomFetchOptions<string, unknown>) => Promise<Response>;
  /** Plain http was already allowed by our own URL rules (loopback or --allow-http). */
  [oauth.allowInsecureRequests]: boolean;
  /** The last raw response: its arrival on our clock (token lifetimes count from there) and rate-limit headers. */
  last(): HttpResponse | undefined;
}

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return String(body);
}

export function oauthHttp(context: ProviderContext): OAuthHttp {
  let last: HttpResponse | undefined;
  return {
    [oauth.customFetch]: async (url, options) => {
      const body = bodyText(options.body);
      const request: HttpRequest = {
        method: options.method as HttpRequest['method'],
        url: new URL(url),
        headers: { ...options.headers },
        ...(body === undefined ? {} : { body }),
        ...(context.ca === undefined ? {} : { ca: context.ca }),
      };
      const response = await context.http(request);
      last = response;
      const headers = new Headers();
      for (const [key, value] of Object.entries(response.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item);
      }
      const empty = response.status === 204 || response.status === 304;
      return new Response(empty ? null : new Uint8Array(response.body), { status: response.status, headers });
    },
    [oauth.allowInsecureRequests]: true,
    last: () => last,
  };
}
