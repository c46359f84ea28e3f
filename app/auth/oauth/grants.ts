import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { WalletError } from '../../errors';
import type { LoginResult, ProviderContext } from '../../providers/provider';
import { checkToken, throttleFrom } from '../../providers/responses';
import { serverFor, type ServerMetadata } from './discovery';
import { oauthFailure } from './oauth-errors';
import { oauthHttp, type OAuthHttp } from './oauth-http';

/** Ten years: any longer lifetime or session a server claims is broken or hostile. */
const maxLifetimeSec = 10 * 365 * 86_400;

/** When the server omits expires_in (it is only RECOMMENDED), assume a short life rather than a long one. */
const fallbackLifetimeSec = 300;

/** Everything one exchange with the account's authorization server needs. */
export interface OAuthSession {
  as: ServerMetadata;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  http: OAuthHttp;
  server: string;
}

/**
 * The client secret: its own keychain item, or (accounts saved before there was one) the
 * "password" of a client-credentials account.
 */
export function clientSecretOf(context: ProviderContext): string | undefined {
  if (context.clientSecret !== undefined && context.clientSecret !== '') return context.clientSecret;
  if (context.account.options.grant === 'client_credentials' && context.password !== '') return context.password;
  return undefined;
}

/**
 * No client_id at all: some token endpoints take the password grant from anonymous clients. oauth4webapi's None()
 * always sends one.
 */
const anonymous: oauth.ClientAuth = () => undefined;

export function clientAuthFor(context: ProviderContext, clientId: string | undefined): oauth.ClientAuth {
  const secret = clientSecretOf(context);
  if (secret === undefined) return clientId === undefined ? anonymous : oauth.None();
  // client_secret_basic by default: RFC 6749 §2.3.1 says every server must accept it (oauth4webapi form-encodes id and
  // secret first).
  return context.account.options.clientAuth === 'post'
    ? oauth.ClientSecretPost(secret)
    : oauth.ClientSecretBasic(secret);
}

export async function oauthSession(
  context: ProviderContext,
  options: { needsIssuer: boolean; defaultClientId?: string },
): Promise<OAuthSession> {
  const as = await serverFor(context, options.needsIssuer);
  const clientId = context.account.options.clientId ?? options.defaultClientId;
  const grant = context.account.options.grant;
  if (clientId === undefined && grant !== undefined && grant !== 'password') {
    throw new WalletError('usage', `the ${grant} grant needs --client-id`, { field: 'clientId' });
  }
  return {
    as,
    // oauth4webapi needs some client_id; an anonymous client's is never sent (see `anonymous`).
    client: { client_id: clientId ?? 'token-wallet' },
    auth: clientAuthFor(context, clientId),
    http: oauthHttp(context),
    server: new URL(as.token_endpoint).origin,
  };
}

/** scope, audience and resource (RFC 8707) as the account sets them; a refresh keeps the granted scope. */
export function extraParameters(context: ProviderContext, refresh: boolean): Record<string, string> {
  const { scope, audience, resource } = context.account.options;
  return {
    ...(scope === undefined || refresh ? {} : { scope }),
    ...(audience === undefined || refresh ? {} : { audience }),
    ...(resource === undefined ? {} : { resource }),
  };
}

/**
 * When the refresh token ends, if the server says: Keycloak's refresh_expires_in (0 means an
 * offline token that does not expire), else the exp of a refresh token that is a JWT. Only a
 * forecast, so the JWT is decoded, not verified.
 */
export function refreshEndOf(result: oauth.TokenEndpointResponse, receivedAt: number): number | undefined {
  const seconds = Number(result.refresh_expires_in);
  if (Number.isFinite(seconds) && seconds > 0) return receivedAt + Math.min(seconds, maxLifetimeSec) * 1000;
  if (typeof result.refresh_token !== 'string' || result.refresh_token.split('.').length !== 3) return undefined;
  try {
    const { exp } = decodeJwt(result.refresh_token);
    // The server's word, capped like a lifetime: an exp of 1e20 is past the range of a Date (and broke list --json).
    if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) return undefined;
    return Math.min(exp * 1000, receivedAt + maxLifetimeSec * 1000);
  } catch {
    return undefined;
  }
}

/**
 * The token response as the wallet keeps it. `keepRefresh`: the refresh token still valid when the server rotated none.
 */
export function loginResultFrom(
  result: oauth.TokenEndpointResponse,
  session: OAuthSession,
  keepRefresh: string | undefined,
  interactive: boolean,
): LoginResult {
  const last = session.http.last();
  const receivedAt = last?.receivedAt ?? Date.now();
  const accessToken = checkToken(result.access_token, session.server, '"access_token"');
  const expiresIn = Number(result.expires_in);
  // Gone before anyone could use it: taking it would hand out dead tokens and renew in a loop.
  if (expiresIn > 0 && expiresIn < 1)
    throw new WalletError('unexpected', 'issued a token valid for under a second; refused', { server: session.server });
  // Capped at ten years: a lifetime like 1e308 s is a broken or hostile answer, and past the range of a Date.
  const lifetimeSec =
    Number.isFinite(expiresIn) && expiresIn > 0 ? Math.min(expiresIn, maxLifetimeSec) : fallbackLifetimeSec;
  const offered = result.refresh_token;
  const refreshToken = offered === undefined ? keepRefresh : checkToken(offered, session.server, '"refresh_token"');
  // Only where a person must sign in when it ends: a password account just logs in again.
  const refreshExpiresAt = interactive ? refreshEndOf(result, receivedAt) : undefined;
  return {
    ...(refreshExpiresAt === undefined ? {} : { refreshExpiresAt }),
    accessToken,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    issuedAt: receivedAt,
    expiresAt: receivedAt + lifetimeSec * 1000,
    ...(last === undefined ? {} : throttleFrom(last)),
  };
}

/** Runs one token-endpoint exchange, mapping every failure to a one-line WalletError. */
export async function exchange(
  session: OAuthSession,
  grant: string,
  request: () => Promise<Response>,
  process: (response: Response) => Promise<oauth.TokenEndpointResponse>,
): Promise<oauth.TokenEndpointResponse> {
  try {
    return await process(await request());
  } catch (error) {
    throw oauthFailure(error, session.server, grant, session.http.last());
  }
}

export function passwordGrant(session: OAuthSession, context: ProviderContext): Promise<oauth.TokenEndpointResponse> {
  const { as, client, auth, http } = session;
  const parameters = {
    username: context.account.username,
    password: context.password,
    ...extraParameters(context, false),
  };
  return exchange(
    session,
    'password',
    () => oauth.genericTokenEndpointRequest(as, client, auth, 'password', parameters, http),
    (response) => oauth.processGenericTokenEndpointResponse(as, client, response),
  );
}

export function clientCredentialsGrant(
  session: OAuthSession,
  context: ProviderContext,
): Promise<oauth.TokenEndpointResponse> {
  const { as, client, auth, http } = session;
  if (clientSecretOf(context) === undefined)
    throw new WalletError('usage', 'the client_credentials grant needs a client secret (--client-secret-file)', {
      field: 'clientSecret',
    });
  return exchange(
    session,
    'client_credentials',
    () => oauth.clientCredentialsGrantRequest(as, client, auth, extraParameters(context, false), http),
    (response) => oauth.processClientCredentialsResponse(as, client, response),
  );
}

export function refreshGrant(
  session: OAuthSession,
  context: ProviderContext,
  refreshToken: string,
): Promise<oauth.TokenEndpointResponse> {
  const { as, client, auth, http } = session;
  return exchange(
    session,
    'refresh_token',
    () =>
      oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, {
        additionalParameters: extraParameters(context, true),
        ...http,
      }),
    (response) => oauth.processRefreshTokenResponse(as, client, response),
  );
}
