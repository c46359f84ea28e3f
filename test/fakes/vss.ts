import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeState, applyKnobs, basicCredentials, sendJson, startFakeServer, type RunningServer } from './fake-server';

/**
 * UofT VSS (seed 000): Basic-auth token requests, the token used as the Basic user name, 5 token requests per window.
 */
export interface VssFake extends RunningServer {
  state: FakeState;
  rateLimit: { limit: number; windowSec: number };
  /** Users that exist but may not use the API. */
  unauthorized: Set<string>;
}

const authError = (message: string) => ({ error: 'authentication error', message, status: 401 });

export async function startVssFake(
  options: { tls?: { key: string; cert: string }; users?: Record<string, string>; lifetimeSec?: number } = {},
): Promise<VssFake> {
  const state = new FakeState(
    options.users ?? { alice: 's3cret-Pa55', bob: 'bob-pass' },
    options.lifetimeSec ?? 86_400,
  );
  const unauthorized = new Set(['bob']);
  const rateLimit = { limit: 5, windowSec: 60 };
  const windows = new Map<string, { start: number; count: number }>();

  const rateHeaders = (user: string): { headers: Record<string, string>; exceeded: boolean } => {
    const now = state.serverNow();
    let window = windows.get(user);
    if (window === undefined || now >= window.start + rateLimit.windowSec * 1000) {
      window = { start: now, count: 0 };
      windows.set(user, window);
    }
    window.count += 1;
    const reset = Math.ceil((window.start + rateLimit.windowSec * 1000) / 1000);
    const remaining = Math.max(0, rateLimit.limit - window.count);
    const headers = {
      'X-RateLimit-Limit': String(rateLimit.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': String(reset),
    };
    return { headers, exceeded: window.count > rateLimit.limit };
  };

  const commonHeaders = {
    'Strict-Transport-Security': 'max-age=63072000',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
  };

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname === '/auth/request-token') {
      const allow = { Allow: 'POST, OPTIONS' };
      if (request.method === 'OPTIONS') return sendJson(response, 200, {}, allow, state);
      if (request.method !== 'POST')
        return sendJson(response, 405, { error: 'method not allowed', status: 405 }, allow, state);
      state.stats.tokenRequests.push({ at: Date.now(), kind: 'login' });
      if (await applyKnobs(state, request, response)) return;
      const credentials = basicCredentials(request);
      const user = typeof credentials === 'string' ? '' : credentials.user;
      const limit = rateHeaders(user);
      if (limit.exceeded) {
        const retryAfter = Math.max(
          1,
          Number(limit.headers['X-RateLimit-Reset']) - Math.floor(state.serverNow() / 1000),
        );
        return sendJson(
          response,
          429,
          { error: 'too many requests', message: 'Rate limit exceeded.', status: 429 },
          { ...allow, ...limit.headers, 'Retry-After': String(retryAfter) },
          state,
        );
      }
      if (typeof credentials === 'string' || !state.checkPassword(credentials.user, credentials.password)) {
        state.stats.rejected += 1;
        return sendJson(response, 401, authError('Invalid username and password combination.'), allow, state);
      }
      if (unauthorized.has(credentials.user)) {
        state.stats.rejected += 1;
        return sendJson(response, 401, authError('User is not authorized to access.'), allow, state);
      }
      state.stats.logins += 1;
      const token = state.issue(credentials.user);
      return sendJson(
        response,
        200,
        { duration: state.knobs.lifetimeSec, token, user: credentials.user },
        { ...allow, ...commonHeaders, ...limit.headers },
        state,
      );
    }
    // Every other resource: the token as the Basic-auth user name, empty password. OPTIONS needs none.
    if (request.method === 'OPTIONS') return sendJson(response, 200, {}, { Allow: 'HEAD, OPTIONS, GET' }, state);
    const credentials = basicCredentials(request);
    const found = state.lookup(typeof credentials === 'string' ? undefined : credentials.user);
    const location = { Location: `${url.origin}/auth/request-token` };
    if (found.state === 'expired')
      return sendJson(response, 401, authError('Valid token, but has expired. '), location, state);
    if (found.state === 'unknown') return sendJson(response, 401, authError('Invalid token.'), location, state);
    state.stats.apiCalls += 1;
    if (url.pathname === '/v2' || url.pathname === '/v2/') {
      return sendJson(
        response,
        200,
        { _links: { vm: `${url.origin}/v2/vm/` }, meta: { user: found.issued?.user, time: '0.001s' } },
        commonHeaders,
        state,
      );
    }
    return sendJson(response, 200, { ok: true, path: url.pathname }, commonHeaders, state);
  };

  const server = await startFakeServer(handler, options.tls === undefined ? {} : { tls: options.tls });
  return { ...server, state, rateLimit, unauthorized };
}
