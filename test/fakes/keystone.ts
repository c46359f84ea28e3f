import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FakeState,
  applyKnobs,
  readBody,
  send,
  sendJson,
  startFakeServer,
  type Knobs,
  type RunningServer,
  type Stats,
} from './fake-server';

/**
 * An API in the style of OpenStack Keystone v3 (no built-in provider covers it): POST /v3/auth/tokens
 * with a JSON body, 201 with the token in X-Subject-Token and an absolute `expires_at` (server
 * clock, ISO-8601 with microseconds) in the body; requests carry X-Auth-Token; DELETE revokes.
 */
export interface KeystoneFake extends RunningServer {
  state: FakeState;
  knobs: Knobs;
  stats: Stats;
  isValid(token: string): boolean;
  /** The last login body as received, for checking the JSON encoding of odd user names. */
  lastLogin: unknown;
}

const unauthorized = {
  error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' },
};

function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export async function startKeystoneFake(
  options: { users?: Record<string, string>; lifetimeSec?: number; domain?: string } = {},
): Promise<KeystoneFake> {
  const state = new FakeState(options.users ?? { alice: 's3cret-Pa55' }, options.lifetimeSec ?? 3600);
  const domain = options.domain ?? 'Default';
  const fake = { lastLogin: undefined as unknown };

  const login = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    state.stats.tokenRequests.push({ at: Date.now(), kind: 'password' });
    if (await applyKnobs(state, request, response)) return;
    if ((request.headers['content-type'] ?? '').split(';')[0] !== 'application/json')
      return sendJson(response, 415, { error: { code: 415, message: 'JSON only' } }, {}, state);
    let body: {
      auth?: {
        identity?: {
          methods?: string[];
          password?: { user?: { name?: string; password?: string; domain?: { name?: string } } };
        };
      };
    };
    try {
      body = JSON.parse(await readBody(request)) as typeof body;
    } catch {
      return sendJson(
        response,
        400,
        { error: { code: 400, message: 'Malformed JSON', title: 'Bad Request' } },
        {},
        state,
      );
    }
    fake.lastLogin = body;
    const user = body.auth?.identity?.password?.user;
    if (
      !body.auth?.identity?.methods?.includes('password') ||
      user?.domain?.name !== domain ||
      !state.checkPassword(user.name ?? '', user.password ?? '')
    ) {
      state.stats.rejected += 1;
      return sendJson(response, 401, unauthorized, {}, state);
    }
    state.stats.logins += 1;
    const lifetime = state.nextLifetimeSec();
    const token = state.issue(user.name ?? '', undefined, lifetime);
    const issued = state.tokens.get(token);
    return sendJson(
      response,
      201,
      {
        token: {
          methods: ['password'],
          user: { name: user.name, domain: { name: domain } },
          issued_at: isoMicros(state.serverNow()),
          expires_at: isoMicros(issued?.expiresAt ?? 0),
        },
      },
      { 'X-Subject-Token': token },
      state,
    );
  };

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname === '/v3/auth/tokens' && request.method === 'POST') return login(request, response);
    const caller = state.lookup(String(request.headers['x-auth-token'] ?? ''));
    if (caller.state !== 'valid') return sendJson(response, 401, unauthorized, {}, state);
    if (url.pathname === '/v3/auth/tokens' && request.method === 'DELETE') {
      const subject = state.tokens.get(String(request.headers['x-subject-token'] ?? ''));
      if (subject === undefined)
        return sendJson(response, 404, { error: { code: 404, message: 'Could not find token' } }, {}, state);
      subject.revoked = true;
      state.stats.logouts += 1;
      return send(response, 204, '', {}, state);
    }
    state.stats.apiCalls += 1;
    return sendJson(response, 200, { projects: [], links: { self: url.pathname } }, {}, state);
  };

  const server = await startFakeServer(handler);
  return Object.assign(fake, server, {
    state,
    knobs: state.knobs,
    stats: state.stats,
    isValid: (token: string) => state.isValid(token),
  });
}
