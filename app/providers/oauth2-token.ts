import { validateUrl } from '../url-validation';
import { WalletError } from '../errors';
import type { HttpResponse } from '../http/http-client';
import type { AccountRecord, TokenSet } from '../model';
import type { LoginResult, Provider, ProviderContext, ProviderField, ProviderMeta } from './provider';
import {
  basicAuthorization,
  checkToken,
  failureFor,
  isSuccess,
  optionalString,
  readJson,
  requireString,
  requireToken,
  serverReason,
  throttleFrom,
} from './responses';

/**
 * One implementation of the OAuth2 token endpoint (RFC 6749 password, client credentials and
 * refresh grants) of the generic OAuth2 / OpenID Connect providers.
 * The differences between them are data: a preset per API.
 */
interface OAuth2Preset {
  meta: ProviderMeta;
  /** The token endpoint of an account. */
  tokenEndpoint(account: AccountRecord, context: ProviderContext): Promise<URL>;
  /** client_id sent when the account sets none (Vyopta's documented `vyopta`). */
  defaultClientId?: string;
  /** Use refresh tokens when the server hands them out (Vyopta's are documented as not implemented). */
  refreshes: boolean;
  logout?(context: ProviderContext, current: TokenSet): Promise<void>;
}

/** When the server omits expires_in (it is only RECOMMENDED), assume a short life rather than a long one. */
const fallbackLifetimeSec = 300;

function withCa(context: ProviderContext): { ca?: string } {
  return context.ca === undefined ? {} : { ca: context.ca };
}

function oauthFailure(response: HttpResponse, server: string, grant: string): WalletError {
  let code: string | undefined;
  try {
    code = (JSON.parse(response.body.toString('utf8')) as { error?: unknown }).error as string | undefined;
  } catch {
    code = undefined;
  }
  const reason = serverReason(response);
  const detail = reason === undefined ? `HTTP ${response.status}` : `HTTP ${response.status}: ${reason}`;
  if (code === 'invalid_grant') {
    const what = grant === 'refresh_token' ? 'the refresh token was rejected' : 'invalid username or password';
    return new WalletError('credentials', `${what} (${detail})`, { server, status: response.status });
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new WalletError('credentials', `the client was rejected; check the client ID and secret (${detail})`, {
      server,
      status: response.status,
      field: 'clientId',
    });
  }
  if (code === 'unsupported_grant_type') {
    return new WalletError('unexpected', `does not support the ${grant} grant (${detail})`, { server, status: response.status, field: 'grant' });
  }
  if (code === 'invalid_scope') {
    return new WalletError('unexpected', `refused the scope (${detail})`, { server, status: response.status, field: 'scope' });
  }
  return failureFor(response, server, [401, 403]);
}

function tokenSetFrom(response: HttpResponse, server: string, keepRefresh: string | undefined, refreshes: boolean): LoginResult {
  const body = readJson(response, server);
  const accessToken = requireToken(body, 'access_token', server);
  const expiresIn = Number(body.expires_in);
  // Capped at ten years: a lifetime like 1e308 s is a broken or hostile answer, and past the range of a Date.
  const lifetimeSec = Number.isFinite(expiresIn) && expiresIn > 0 ? Math.min(expiresIn, 10 * 365 * 86_400) : fallbackLifetimeSec;
  const offered = refreshes ? optionalString(body, 'refresh_token') : undefined;
  const refreshToken = refreshes ? (offered === undefined ? keepRefresh : checkToken(offered, server, '"refresh_token"')) : undefined;
  return {
    accessToken,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    issuedAt: response.receivedAt,
    expiresAt: response.receivedAt + lifetimeSec * 1000,
    ...throttleFrom(response),
  };
}

function grantOf(account: AccountRecord): 'password' | 'client_credentials' {
  return account.options.grant ?? 'password';
}

async function tokenRequest(
  preset: OAuth2Preset,
  context: ProviderContext,
  form: Record<string, string>,
  keepRefresh?: string,
): Promise<LoginResult> {
  const { account } = context;
  const url = await preset.tokenEndpoint(account, context);
  const server = url.origin;
  const clientId = account.options.clientId ?? preset.defaultClientId;
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  const params = new URLSearchParams(form);
  if (grantOf(account) === 'client_credentials') {
    if (clientId === undefined) throw new WalletError('usage', 'the client credentials grant needs --client-id', { field: 'clientId' });
    // RFC 6749 2.3.1: every server must accept the client secret as HTTP Basic.
    headers.Authorization = basicAuthorization(encodeURIComponent(clientId), encodeURIComponent(context.password));
  } else if (clientId !== undefined) {
    params.set('client_id', clientId);
  }
  if (account.options.scope !== undefined && form.grant_type !== 'refresh_token') params.set('scope', account.options.scope);
  const response = await context.http({ method: 'POST', url, headers, body: params.toString(), ...withCa(context) });
  if (!isSuccess(response)) throw oauthFailure(response, server, form.grant_type ?? '');
  return tokenSetFrom(response, server, keepRefresh, preset.refreshes);
}

export function oauth2Provider(preset: OAuth2Preset): Provider {
  const provider: Provider = {
    meta: preset.meta,
    login: (context) => {
      const form: Record<string, string> =
        grantOf(context.account) === 'client_credentials'
          ? { grant_type: 'client_credentials' }
          : { grant_type: 'password', username: context.account.username, password: context.password };
      return tokenRequest(preset, context, form);
    },
  };
  if (preset.refreshes) {
    provider.renew = (context, current) => {
      if (current.refreshToken === undefined) return provider.login(context);
      return tokenRequest(preset, context, { grant_type: 'refresh_token', refresh_token: current.refreshToken }, current.refreshToken);
    };
  }
  if (preset.logout !== undefined) provider.logout = preset.logout;
  return provider;
}

const oauthFields: Record<'tokenUrl' | 'issuer' | 'clientId' | 'scope' | 'grant', ProviderField> = {
  tokenUrl: { key: 'tokenUrl', label: 'Token URL', cliFlag: '--token-url', required: true, help: 'OAuth2 token endpoint' },
  issuer: { key: 'issuer', label: 'Issuer', cliFlag: '--issuer', required: false, help: 'OpenID Connect issuer, for discovery' },
  clientId: { key: 'clientId', label: 'Client ID', cliFlag: '--client-id', required: false, help: 'OAuth2 client_id' },
  scope: { key: 'scope', label: 'Scope', cliFlag: '--scope', required: false, help: 'Space-separated scopes' },
  grant: {
    key: 'grant',
    label: 'Grant',
    cliFlag: '--grant',
    required: false,
    defaultValue: 'password',
    choices: ['password', 'client_credentials'],
    help: 'password (user name and password) or client_credentials (client ID and secret)',
  },
};

// Vyopta and Veeam VAO, once presets here, are recipes now (app/auth/recipes/builtin/).

export const oauth2GenericProvider = oauth2Provider({
  meta: {
    kind: 'oauth2',
    label: 'OAuth2',
    description: 'Any OAuth2 token endpoint (password or client credentials grant, refresh tokens)',
    usage: 'bearer',
    urlExample: 'https://api.example.com',
    defaultPath: '/',
    fields: [oauthFields.tokenUrl, oauthFields.clientId, oauthFields.scope, oauthFields.grant],
    renewal: 'refresh',
    hasLogout: false,
    usernameOptional: true,
  },
  tokenEndpoint: async (account) => {
    if (account.options.tokenUrl === undefined) throw new WalletError('usage', 'the oauth2 provider needs --token-url', { field: 'tokenUrl' });
    return new URL(account.options.tokenUrl);
  },
  refreshes: true,
});

interface DiscoveryDocument {
  tokenEndpoint: URL;
  revocationEndpoint?: URL;
}

const discoveryCache = new Map<string, DiscoveryDocument>();

/**
 * A URL taken from a discovery document obeys the rules of a typed one (https unless the account
 * allows http, no credentials, no query or fragment) and never downgrades an https issuer to http:
 * otherwise a lying document could send the password wherever it likes.
 */
function discoveredUrl(value: unknown, key: string, issuer: URL, allowHttp: boolean, server: string): URL {
  let url: URL;
  try {
    url = new URL(validateUrl(value, key, allowHttp));
  } catch (error) {
    const reason = error instanceof WalletError ? error.message : 'malformed URL';
    throw new WalletError('unexpected', `discovery document refused: ${reason}`, { server, field: 'issuer' });
  }
  if (issuer.protocol === 'https:' && url.protocol !== 'https:') {
    throw new WalletError('unexpected', `discovery document refused: ${key} downgrades the https issuer to plain http`, { server, field: 'issuer' });
  }
  return url;
}

/** OpenID Connect Discovery 1.0: the issuer's metadata, which must name the same issuer (section 4.3). */
async function discover(issuer: string, context: ProviderContext): Promise<DiscoveryDocument> {
  const allowHttp = context.account.allowHttp === true;
  const cacheKey = `${issuer}\u0000${allowHttp}`;
  const cached = discoveryCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const url = new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  const response = await context.http({ method: 'GET', url, headers: { Accept: 'application/json' }, ...withCa(context) });
  if (!isSuccess(response)) throw failureFor(response, url.origin, []);
  const body = readJson(response, url.origin);
  const advertised = requireString(body, 'issuer', url.origin);
  if (advertised.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) {
    throw new WalletError('unexpected', `discovery names a different issuer (${advertised.slice(0, 200)})`, { server: url.origin, field: 'issuer' });
  }
  const tokenEndpoint = discoveredUrl(body.token_endpoint, 'token_endpoint', url, allowHttp, url.origin);
  const revocation = body.revocation_endpoint;
  const document: DiscoveryDocument = {
    tokenEndpoint,
    ...(revocation === undefined || revocation === null ? {} : { revocationEndpoint: discoveredUrl(revocation, 'revocation_endpoint', url, allowHttp, url.origin) }),
  };
  discoveryCache.set(cacheKey, document);
  return document;
}

export const oidcProvider = oauth2Provider({
  meta: {
    kind: 'oidc',
    label: 'OpenID Connect',
    description: 'Any OpenID Connect provider (issuer discovery or token URL)',
    usage: 'bearer',
    urlExample: 'https://api.example.com',
    defaultPath: '/',
    fields: [
      { ...oauthFields.issuer, help: 'Issuer URL; its discovery document gives the token endpoint' },
      { ...oauthFields.tokenUrl, required: false, help: 'Token endpoint, when there is no discovery' },
      oauthFields.clientId,
      oauthFields.scope,
      oauthFields.grant,
    ],
    renewal: 'refresh',
    hasLogout: true,
    usernameOptional: true,
  },
  tokenEndpoint: async (account, context) => {
    if (account.options.tokenUrl !== undefined) return new URL(account.options.tokenUrl);
    if (account.options.issuer === undefined) throw new WalletError('usage', 'the oidc provider needs --issuer or --token-url', { field: 'issuer' });
    return (await discover(account.options.issuer, context)).tokenEndpoint;
  },
  refreshes: true,
  logout: async (context, current) => {
    // RFC 7009 revocation of the refresh token ends the session where the provider offers it.
    const { account } = context;
    if (account.options.issuer === undefined || current.refreshToken === undefined) return;
    const { revocationEndpoint } = await discover(account.options.issuer, context);
    if (revocationEndpoint === undefined) return;
    const params = new URLSearchParams({ token: current.refreshToken, token_type_hint: 'refresh_token' });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const clientId = account.options.clientId;
    if (account.options.grant === 'client_credentials' && clientId !== undefined) {
      headers.Authorization = basicAuthorization(encodeURIComponent(clientId), encodeURIComponent(context.password));
    } else if (clientId !== undefined) {
      params.set('client_id', clientId);
    }
    const response = await context.http({ method: 'POST', url: revocationEndpoint, headers, body: params.toString(), ...withCa(context) });
    if (!isSuccess(response)) throw failureFor(response, revocationEndpoint.origin, [401, 403]);
  },
});
