import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FakeState,
  applyKnobs,
  basicCredentials,
  bearerToken,
  randomToken,
  readBody,
  sendJson,
  startFakeServer,
  type RunningServer,
} from './fake-server';

/**
 * Sensu Go (seed 002): GET /auth with Basic; expires_at is absolute Unix time on the SERVER clock
 * (knobs.clockSkewSec moves it); POST /auth/token refreshes with the (possibly expired) access token
 * as Bearer and {"refresh_token"}; refresh tokens rotate; GET /auth/test checks credentials.
 */
export interface SensuFake extends RunningServer {
  state: FakeState;
  /** refresh token → the access token it was issued with. */
  refreshTokens: Map<string, { user: string; accessToken: string }>;
}

export async function startSensuFake(
  options: { tls?: { key: string; cert: string }; users?: Record<string, string>; lifetimeSec?: number } = {},
): Promise<SensuFake> {
  const state = new FakeState(options.users ?? { alice: 's3cret-Pa55' }, options.lifetimeSec ?? 900);
  const refreshTokens = new Map<string, { user: string; accessToken: string }>();

  const issuePair = (user: string) => {
    const accessToken = state.issue(user);
    const refreshToken = randomToken();
    refreshTokens.set(refreshToken, { user, accessToken });
    const expiresAt = Math.floor((state.tokens.get(accessToken)?.expiresAt ?? 0) / 1000);
    return { access_token: accessToken, expires_at: expiresAt, refresh_token: refreshToken };
  };

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname === '/auth' && request.method === 'GET') {
      state.stats.tokenRequests.push({ at: Date.now(), kind: 'login' });
      if (await applyKnobs(state, request, response)) return;
      const credentials = basicCredentials(request);
      if (typeof credentials === 'string' || !state.checkPassword(credentials.user, credentials.password)) {
        state.stats.rejected += 1;
        return sendJson(response, 401, { message: 'unauthorized' }, {}, state);
      }
      state.stats.logins += 1;
      return sendJson(response, 200, issuePair(credentials.user), {}, state);
    }
    if (url.pathname === '/auth/test' && request.method === 'GET') {
      state.stats.tests += 1;
      const credentials = basicCredentials(request);
      const ok = typeof credentials !== 'string' && state.checkPassword(credentials.user, credentials.password);
      return sendJson(response, ok ? 200 : 401, ok ? {} : { message: 'unauthorized' }, {}, state);
    }
    if (url.pathname === '/auth/token' && request.method === 'POST') {
      const raw = await readBody(request);
      state.stats.tokenRequests.push({ at: Date.now(), kind: 'refresh' });
      if (await applyKnobs(state, request, response)) return;
      let refreshToken: unknown;
      try {
        refreshToken = (JSON.parse(raw) as { refresh_token?: unknown }).refresh_token;
      } catch {
        return sendJson(response, 400, { message: 'malformed request' }, {}, state);
      }
      if (typeof refreshToken !== 'string') return sendJson(response, 400, { message: 'malformed request' }, {}, state);
      const pair = refreshTokens.get(refreshToken);
      if (pair === undefined || pair.accessToken !== bearerToken(request)) {
        state.stats.rejected += 1;
        return sendJson(response, 401, { message: 'invalid refresh token' }, {}, state);
      }
      refreshTokens.delete(refreshToken);
      const old = state.tokens.get(pair.accessToken);
      if (old !== undefined) old.revoked = true;
      state.stats.refreshes += 1;
      return sendJson(response, 200, issuePair(pair.user), {}, state);
    }
    const found = state.lookup(bearerToken(request));
    if (found.state !== 'valid') return sendJson(response, 401, { message: 'unauthorized' }, {}, state);
    state.stats.apiCalls += 1;
    return sendJson(response, 200, { ok: true, path: url.pathname }, {}, state);
  };

  const server = await startFakeServer(handler, options.tls === undefined ? {} : { tls: options.tls });
  return { ...server, state, refreshTokens };
}
