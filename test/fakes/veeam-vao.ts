import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FakeState,
  applyKnobs,
  bearerToken,
  randomToken,
  readBody,
  sendJson,
  startFakeServer,
  type RunningServer,
} from './fake-server';

/**
 * Veeam Availability Orchestrator (seed 004): POST /v1/Accounts/Token with a form body
 * (grant_type=password or refresh_token; the document's own example labels it application/json),
 * POST /v1/Accounts/Logout with Bearer. Sessions of one user interfere, so the fake counts how many
 * were alive at once.
 */
export interface VeeamFake extends RunningServer {
  state: FakeState;
  lastUsername: string | null;
  /** The most sessions of one user alive at the same time. */
  maxConcurrentSessions: number;
  activeSessions(user: string): number;
}

export async function startVeeamFake(
  options: { tls?: { key: string; cert: string }; users?: Record<string, string>; lifetimeSec?: number } = {},
): Promise<VeeamFake> {
  const state = new FakeState(options.users ?? { 'vao\\alice': 's3cret-Pa55' }, options.lifetimeSec ?? 3599);
  const refreshTokens = new Map<string, { user: string; session: string; accessToken: string }>();
  const fake = { lastUsername: null as string | null, maxConcurrentSessions: 0 };

  const activeSessions = (user: string): number => {
    const sessions = new Set<string>();
    for (const [token, issued] of state.tokens) {
      if (issued.user === user && state.isValid(token)) sessions.add(issued.session);
    }
    return sessions.size;
  };

  const issuePair = (user: string, session: string) => {
    const accessToken = state.issue(user, session);
    const refreshToken = randomToken(48);
    refreshTokens.set(refreshToken, { user, session, accessToken });
    fake.maxConcurrentSessions = Math.max(fake.maxConcurrentSessions, activeSessions(user));
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: state.knobs.lifetimeSec,
      refresh_token: refreshToken,
    };
  };

  const endSession = (session: string): void => {
    for (const issued of state.tokens.values()) if (issued.session === session) issued.revoked = true;
    for (const [token, pair] of refreshTokens) if (pair.session === session) refreshTokens.delete(token);
  };

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname === '/v1/Accounts/Token' && request.method === 'POST') {
      const raw = await readBody(request);
      const form = new URLSearchParams(raw);
      state.stats.tokenRequests.push({ at: Date.now(), kind: form.get('grant_type') ?? '' });
      if (await applyKnobs(state, request, response)) return;
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
      if (type !== 'application/x-www-form-urlencoded' && type !== 'application/json') {
        return sendJson(
          response,
          400,
          { error: 'invalid_request', error_description: 'unsupported content type' },
          {},
          state,
        );
      }
      const grant = form.get('grant_type');
      if (grant === 'password') {
        const user = form.get('username') ?? '';
        fake.lastUsername = user;
        if (!state.checkPassword(user, form.get('password') ?? '')) {
          state.stats.rejected += 1;
          return sendJson(
            response,
            400,
            { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' },
            {},
            state,
          );
        }
        state.stats.logins += 1;
        return sendJson(response, 200, issuePair(user, randomToken(8)), {}, state);
      }
      if (grant === 'refresh_token') {
        const pair = refreshTokens.get(form.get('refresh_token') ?? '');
        if (pair === undefined) {
          state.stats.rejected += 1;
          return sendJson(
            response,
            400,
            { error: 'invalid_grant', error_description: 'Invalid refresh token.' },
            {},
            state,
          );
        }
        refreshTokens.delete(form.get('refresh_token') ?? '');
        const old = state.tokens.get(pair.accessToken);
        if (old !== undefined) old.revoked = true;
        state.stats.refreshes += 1;
        return sendJson(response, 200, issuePair(pair.user, pair.session), {}, state);
      }
      return sendJson(response, 400, { error: 'unsupported_grant_type' }, {}, state);
    }
    const found = state.lookup(bearerToken(request));
    if (url.pathname === '/v1/Accounts/Logout' && request.method === 'POST') {
      if (found.state !== 'valid' || found.issued === undefined)
        return sendJson(response, 401, { message: 'Authorization has been denied for this request.' }, {}, state);
      endSession(found.issued.session);
      state.stats.logouts += 1;
      return sendJson(response, 200, { message: 'Logout successful' }, {}, state);
    }
    if (found.state !== 'valid')
      return sendJson(response, 401, { message: 'Authorization has been denied for this request.' }, {}, state);
    state.stats.apiCalls += 1;
    return sendJson(response, 200, { ok: true, path: url.pathname }, {}, state);
  };

  const server = await startFakeServer(handler, options.tls === undefined ? {} : { tls: options.tls });
  return Object.assign(fake, server, { state, activeSessions }) as VeeamFake;
}
