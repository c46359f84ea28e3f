import { WalletError } from '../errors';
import type { HttpResponse } from '../http/http-client';
import type { TokenSet } from '../model';
import type { LoginResult, Provider, ProviderContext } from './provider';
import {
  basicAuthorization,
  endpoint,
  failureFor,
  headerValue,
  isSuccess,
  readJson,
  requirePositiveNumber,
  requireToken,
} from './responses';

/**
 * Sensu's `expires_at` is an absolute Unix time on the server's clock. We translate it to our clock
 * with the server's `Date` header (one-second resolution), so a skewed server clock neither makes
 * us hand out expired tokens nor renew in a loop.
 */
export function localExpiry(expiresAtServerSec: number, response: HttpResponse): number {
  const serverDate = Date.parse(headerValue(response, 'date') ?? '');
  const skewMs = Number.isFinite(serverDate) ? response.receivedAt - serverDate : 0;
  // Date has whole seconds, so a skew under 1 s is just rounding: ignore it.
  const correction = Math.abs(skewMs) < 1000 ? 0 : skewMs;
  return expiresAtServerSec * 1000 + correction;
}

function tokenSetFrom(response: HttpResponse, server: string): LoginResult {
  const body = readJson(response, server);
  const accessToken = requireToken(body, 'access_token', server);
  const refreshToken = requireToken(body, 'refresh_token', server);
  const expiresAt = localExpiry(requirePositiveNumber(body, 'expires_at', server), response);
  if (expiresAt <= response.receivedAt) {
    throw new WalletError('unexpected', 'issued a token that had already expired (check both clocks)', { server });
  }
  return { accessToken, refreshToken, issuedAt: response.receivedAt, expiresAt };
}

function withCa(context: ProviderContext): { ca?: string } {
  return context.ca === undefined ? {} : { ca: context.ca };
}

async function login(context: ProviderContext): Promise<LoginResult> {
  const server = new URL(context.account.url).origin;
  const response = await context.http({
    method: 'GET',
    url: endpoint(context.account.url, '/auth'),
    headers: { Authorization: basicAuthorization(context.account.username, context.password), Accept: 'application/json' },
    ...withCa(context),
  });
  if (!isSuccess(response)) throw failureFor(response, server);
  return tokenSetFrom(response, server);
}

async function refresh(context: ProviderContext, current: TokenSet): Promise<LoginResult> {
  const server = new URL(context.account.url).origin;
  if (current.refreshToken === undefined) return login(context);
  const response = await context.http({
    method: 'POST',
    url: endpoint(context.account.url, '/auth/token'),
    headers: {
      // Sensu wants the (possibly expired) access token beside the refresh token.
      Authorization: `Bearer ${current.accessToken}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify({ refresh_token: current.refreshToken }),
    ...withCa(context),
  });
  if (!isSuccess(response)) {
    // 400 and 401 both mean this refresh token is no good: the wallet falls back to a login.
    throw failureFor(response, server, [400, 401, 403], 'the refresh token');
  }
  return tokenSetFrom(response, server);
}

async function test(context: ProviderContext): Promise<void> {
  const server = new URL(context.account.url).origin;
  const response = await context.http({
    method: 'GET',
    url: endpoint(context.account.url, '/auth/test'),
    headers: { Authorization: basicAuthorization(context.account.username, context.password) },
    ...withCa(context),
  });
  if (!isSuccess(response)) throw failureFor(response, server);
}

export const sensuProvider: Provider = {
  meta: {
    kind: 'sensu',
    label: 'Sensu Go',
    description: 'Sensu Go API (/auth, /auth/token, /auth/test)',
    usage: 'bearer',
    urlExample: 'http://sensu.example.net:8080',
    defaultPath: '/api/core/v2/namespaces',
    fields: [],
    renewal: 'refresh',
    hasLogout: false,
  },
  login,
  renew: refresh,
  test,
};
