import { randomUUID } from 'node:crypto';
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
 * Vyopta's Keycloak (seed 003): form POST to the realm's token endpoint, grant_type=password,
 * client_id=vyopta. A refresh_token comes back, but refreshing is documented as not implemented.
 */
export const vyoptaTokenPath = '/auth/realms/vyopta/protocol/openid-connect/token';

export interface VyoptaFake extends RunningServer {
  state: FakeState;
  tokenUrl: string;
}

export async function startVyoptaFake(
  options: { tls?: { key: string; cert: string }; users?: Record<string, string>; lifetimeSec?: number } = {},
): Promise<VyoptaFake> {
  const state = new FakeState(options.users ?? { alice: 's3cret-Pa55' }, options.lifetimeSec ?? 300);

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname === vyoptaTokenPath) {
      if (request.method !== 'POST') return sendJson(response, 405, { error: 'method_not_allowed' }, {}, state);
      const raw = await readBody(request);
      const form = new URLSearchParams(raw);
      state.stats.tokenRequests.push({ at: Date.now(), kind: form.get('grant_type') ?? '' });
      if (await applyKnobs(state, request, response)) return;
      if ((request.headers['content-type'] ?? '').split(';')[0]?.trim() !== 'application/x-www-form-urlencoded') {
        return sendJson(
          response,
          400,
          { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' },
          {},
          state,
        );
      }
      if (form.get('client_id') !== 'vyopta') {
        return sendJson(
          response,
          401,
          { error: 'unauthorized_client', error_description: 'Invalid client credentials' },
          {},
          state,
        );
      }
      if (form.get('grant_type') === 'refresh_token') {
        return sendJson(
          response,
          400,
          { error: 'unsupported_grant_type', error_description: 'Refreshing is not implemented' },
          {},
          state,
        );
      }
      if (form.get('grant_type') !== 'password') {
        return sendJson(
          response,
          400,
          { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' },
          {},
          state,
        );
      }
      const user = form.get('username') ?? '';
      if (!state.checkPassword(user, form.get('password') ?? '')) {
        state.stats.rejected += 1;
        return sendJson(
          response,
          401,
          { error: 'invalid_grant', error_description: 'Invalid user credentials' },
          {},
          state,
        );
      }
      state.stats.logins += 1;
      const lifetimeSec = state.nextLifetimeSec();
      const issuedKey = state.issue(user, undefined, lifetimeSec);
      const accessToken = `eyJh${issuedKey}`;
      // The fake's token map is keyed by what it issued; re-key it under the JWT-looking token the client sees
      // (by key: copying the whole map to find the last entry made each login cost O(tokens issued)).
      const issued = state.tokens.get(issuedKey);
      if (issued !== undefined) {
        state.tokens.delete(issuedKey);
        state.tokens.set(accessToken, issued);
      }
      return sendJson(
        response,
        200,
        {
          access_token: accessToken,
          expires_in: lifetimeSec,
          refresh_expires_in: 1800,
          refresh_token: `eyJ${randomToken()}`,
          token_type: 'bearer',
          'not-before-policy': 1533920635,
          session_state: randomUUID(),
          scope: 'email profile',
        },
        {},
        state,
      );
    }
    const found = state.lookup(bearerToken(request));
    if (found.state !== 'valid') return sendJson(response, 401, { error: 'invalid_token' }, {}, state);
    state.stats.apiCalls += 1;
    return sendJson(response, 200, { ok: true, path: url.pathname }, {}, state);
  };

  const server = await startFakeServer(handler, options.tls === undefined ? {} : { tls: options.tls });
  return { ...server, state, tokenUrl: `${server.url}${vyoptaTokenPath}` };
}
