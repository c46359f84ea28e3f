import { WalletError } from '../errors';
import type { LoginResult, Provider, ProviderContext } from './provider';
import {
  basicAuthorization,
  endpoint,
  failureFor,
  isSuccess,
  readJson,
  requirePositiveNumber,
  requireToken,
  serverReason,
  throttleFrom,
} from './responses';

/**
 * UofT VSS (seed 000): `POST /auth/request-token` with Basic auth; the token lives `duration`
 * seconds and has no refresh, so renewal is a new request. The token is used as the Basic-auth
 * user name with an empty password. The token endpoint allows 5 requests per rate-limit window.
 */
async function requestToken(context: ProviderContext): Promise<LoginResult> {
  const { account } = context;
  const server = new URL(account.url).origin;
  const response = await context.http({
    method: 'POST',
    url: endpoint(account.url, '/auth/request-token'),
    headers: { Authorization: basicAuthorization(account.username, context.password), Accept: 'application/json' },
    ...(context.ca === undefined ? {} : { ca: context.ca }),
  });
  if (response.status === 401) {
    // VSS tells two different 401s apart in the body: wrong password vs. a user without API access.
    const reason = serverReason(response) ?? '';
    const message = /not authorized/i.test(reason)
      ? 'user not authorized to access the API (ask the VSS team for access)'
      : 'invalid username and password';
    throw new WalletError('credentials', message, { server, status: 401 });
  }
  if (!isSuccess(response)) throw failureFor(response, server);
  const body = readJson(response, server);
  const token = requireToken(body, 'token', server);
  const durationSec = requirePositiveNumber(body, 'duration', server);
  return {
    accessToken: token,
    issuedAt: response.receivedAt,
    expiresAt: response.receivedAt + durationSec * 1000,
    ...throttleFrom(response),
  };
}

export const vssProvider: Provider = {
  meta: {
    kind: 'vss',
    label: 'UofT VSS',
    description: 'University of Toronto Virtual Server Service API',
    usage: 'basic-username',
    urlExample: 'https://vss-api.eis.utoronto.ca:8001',
    defaultPath: '/v2',
    fields: [],
    renewal: 'login',
    hasLogout: false,
  },
  login: requestToken,
};
