import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FakeState,
  applyKnobs,
  basicCredentials,
  bearerToken,
  readBody,
  send,
  sendJson,
  startFakeServer,
  type RunningServer,
} from './fake-server';

/**
 * Ribbon SBC (seed 001): POST /rest/{version}/auth/token with Basic; XML answer; ten-minute tokens.
 * Early re-authentication sends the current token in an x-www-form-urlencoded body and keeps the
 * configuration lock with the new token.
 */
export interface RibbonFake extends RunningServer {
  state: FakeState;
  versions: Set<string>;
  configLockHolder: { token: string | null };
  takeConfigLock(token: string): void;
}

function xmlToken(token: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<response>
  <data>
    <accessToken>${token}</accessToken>
  </data>
  <messages/>
  <links/>
</response>`;
}

export async function startRibbonFake(
  options: { tls?: { key: string; cert: string }; users?: Record<string, string>; lifetimeSec?: number } = {},
): Promise<RibbonFake> {
  const state = new FakeState(options.users ?? { alice: 's3cret-Pa55' }, options.lifetimeSec ?? 600);
  const versions = new Set(['v1.2']);
  const configLockHolder: { token: string | null } = { token: null };

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const match = /^\/rest\/([^/]+)\/auth\/token$/.exec(url.pathname);
    if (match !== null) {
      if (request.method !== 'POST') return send(response, 405, '', {}, state);
      const body = await readBody(request);
      state.stats.tokenRequests.push({ at: Date.now(), kind: body === '' ? 'login' : 'reauth' });
      if (await applyKnobs(state, request, response)) return;
      if (!versions.has(match[1] ?? '')) return send(response, 404, '', { 'Content-Type': 'application/xml' }, state);
      const credentials = basicCredentials(request);
      if (typeof credentials === 'string') return send(response, 400, '', { 'Content-Type': 'application/xml' }, state);
      if (!state.checkPassword(credentials.user, credentials.password)) {
        state.stats.rejected += 1;
        return send(response, 401, '', { 'Content-Type': 'application/xml' }, state);
      }
      let previous: string | null = null;
      if (body !== '') {
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
        if (!contentType.endsWith('x-www-form-urlencoded'))
          return send(response, 400, '', { 'Content-Type': 'application/xml' }, state);
        const current = new URLSearchParams(body).get('token') ?? '';
        const found = state.lookup(current);
        if (found.state !== 'valid' || found.issued?.user !== credentials.user)
          return send(response, 401, '', { 'Content-Type': 'application/xml' }, state);
        previous = current;
        state.stats.reauths += 1;
      } else {
        state.stats.logins += 1;
      }
      const token = state.issue(credentials.user);
      if (previous !== null && configLockHolder.token === previous) configLockHolder.token = token;
      return send(response, 200, xmlToken(token), { 'Content-Type': 'application/xml' }, state);
    }
    const found = state.lookup(bearerToken(request));
    if (found.state !== 'valid') return send(response, 401, '', { 'Content-Type': 'application/xml' }, state);
    state.stats.apiCalls += 1;
    return sendJson(response, 200, { ok: true, path: url.pathname }, {}, state);
  };

  const server = await startFakeServer(handler, options.tls === undefined ? {} : { tls: options.tls });
  return {
    ...server,
    state,
    versions,
    configLockHolder,
    takeConfigLock: (token) => {
      configLockHolder.token = token;
    },
  };
}
