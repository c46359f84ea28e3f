import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FakeState,
  applyKnobs,
  bearerToken,
  readBody,
  sendJson,
  startFakeServer,
  type Knobs,
  type RunningServer,
  type Stats,
} from './fake-server';

/**
 * A second API no built-in provider covers: a form login (POST /api/session, username and
 * password fields), the token and its TTL in JSON ({"data":{"token","ttl"}}), Bearer requests,
 * and a logout (POST /api/session/logout) that ends the session.
 */
export interface FormLoginFake extends RunningServer {
  state: FakeState;
  knobs: Knobs;
  stats: Stats;
  isValid(token: string): boolean;
  lastForm: URLSearchParams | null;
}

export async function startFormLoginFake(
  options: { users?: Record<string, string>; lifetimeSec?: number } = {},
): Promise<FormLoginFake> {
  const state = new FakeState(options.users ?? { alice: 's3cret-Pa55' }, options.lifetimeSec ?? 600);
  const fake = { lastForm: null as URLSearchParams | null };

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname === '/api/session' && request.method === 'POST') {
      state.stats.tokenRequests.push({ at: Date.now(), kind: 'login' });
      if (await applyKnobs(state, request, response)) return;
      if ((request.headers['content-type'] ?? '').split(';')[0] !== 'application/x-www-form-urlencoded') {
        return sendJson(response, 415, { status: 'error', message: 'form only' }, {}, state);
      }
      const form = new URLSearchParams(await readBody(request));
      fake.lastForm = form;
      const user = form.get('username') ?? '';
      if (!state.checkPassword(user, form.get('password') ?? '')) {
        state.stats.rejected += 1;
        return sendJson(response, 401, { status: 'error', message: 'Wrong user name or password' }, {}, state);
      }
      state.stats.logins += 1;
      const lifetime = state.nextLifetimeSec();
      const token = state.issue(user, undefined, lifetime);
      return sendJson(response, 200, { status: 'ok', data: { token, ttl: lifetime, user } }, {}, state);
    }
    const found = state.lookup(bearerToken(request));
    if (found.state !== 'valid' || found.issued === undefined)
      return sendJson(response, 401, { status: 'error', message: 'Not logged in' }, {}, state);
    if (url.pathname === '/api/session/logout' && request.method === 'POST') {
      found.issued.revoked = true;
      state.stats.logouts += 1;
      return sendJson(response, 200, { status: 'ok' }, {}, state);
    }
    state.stats.apiCalls += 1;
    return sendJson(response, 200, { status: 'ok', user: found.issued.user, path: url.pathname }, {}, state);
  };

  const server = await startFakeServer(handler);
  return Object.assign(fake, server, {
    state,
    knobs: state.knobs,
    stats: state.stats,
    isValid: (token: string) => state.isValid(token),
  });
}
