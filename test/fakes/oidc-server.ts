import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { Provider, errors } from 'oidc-provider';

/**
 * A real third-party OpenID Connect server (oidc-provider) on 127.0.0.1 for the generic OAuth2 and
 * OIDC providers. oidc-provider does not ship the password grant (OAuth 2.1 drops it), so it is
 * registered here through the library's own extension point and its own token models; refresh,
 * client credentials, discovery and revocation are the library's.
 */
export interface OidcServer {
  issuer: string;
  tokenUrl: string;
  resourceUrl: string;
  stats: {
    passwordGrants: number;
    clientCredentialsGrants: number;
    refreshGrants: number;
    revocations: number;
    clientAuthMethods: string[];
  };
  /** RFC 7662 through the server's own introspection endpoint: is this token still active? */
  isActive(token: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A secret with the characters RFC 6749 §2.3.1 form-encoding is about (oidc-provider accepts only VSCHAR secrets: no
 * non-ASCII).
 */
export const awkwardClientSecret = 'cl:ent%20se+cret/~=;&';

export async function startOidcServer(
  options: { accessTokenTtlSec?: number; refreshTokenTtlSec?: number; users?: Record<string, string> } = {},
): Promise<OidcServer> {
  const users = options.users ?? { alice: 's3cret-Pa55' };
  const stats = {
    passwordGrants: 0,
    clientCredentialsGrants: 0,
    refreshGrants: 0,
    revocations: 0,
    clientAuthMethods: [] as string[],
  };
  const server = http.createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const issuer = `http://127.0.0.1:${port}`;
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const ttl = options.accessTokenTtlSec ?? 300;
  const refreshTtl = options.refreshTokenTtlSec ?? 86_400;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'tw-public',
        token_endpoint_auth_method: 'none',
        grant_types: ['password', 'refresh_token'],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: 'tw-service',
        client_secret: 'tw-service-secret',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
      ...(['basic', 'post'] as const).map((method) => ({
        client_id: `tw-conf-${method}`,
        client_secret: awkwardClientSecret,
        token_endpoint_auth_method: `client_secret_${method}` as const,
        grant_types: ['password', 'refresh_token', 'client_credentials'],
        response_types: [],
        redirect_uris: [],
      })),
      // A native app (RFC 8252): any port on the loopback redirect, no secret; browser and device sign-in.
      {
        client_id: 'tw-browser',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
      {
        client_id: 'tw-introspect',
        client_secret: 'introspect-secret',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test', use: 'sig', alg: 'ES256' } as never] },
    cookies: { keys: ['token-wallet-test-cookie-key'] },
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: [], response_types: [] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    features: {
      // oidc-provider's own login and consent pages (any login name; the e2e tests type into them).
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async () => true },
      clientCredentials: { enabled: true },
    },
    scopes: ['openid', 'offline_access', 'api'],
    rotateRefreshToken: true,
    issueRefreshToken: async () => true,
    ttl: { AccessToken: ttl, ClientCredentials: ttl, RefreshToken: refreshTtl, Grant: 86_400, IdToken: 3600 },
  });
  provider.proxy = false;

  provider.registerGrantType(
    'password',
    async (ctx) => {
      const { username, password } = ctx.oidc.params as { username?: string; password?: string };
      if (username === undefined || password === undefined || users[username] !== password) {
        throw new errors.InvalidGrant('invalid resource owner credentials');
      }
      const client = ctx.oidc.client;
      if (client === undefined) throw new errors.InvalidClient('client not found');
      const grant = new provider.Grant({ accountId: username, clientId: client.clientId });
      grant.addOIDCScope('openid offline_access');
      const grantId = await grant.save();
      const accessToken = new provider.AccessToken({
        accountId: username,
        client,
        grantId,
        gty: 'password',
        scope: 'openid offline_access',
      });
      const refreshToken = new provider.RefreshToken({
        accountId: username,
        client,
        grantId,
        gty: 'password',
        scope: 'openid offline_access',
      });
      stats.passwordGrants += 1;
      ctx.body = {
        access_token: await accessToken.save(),
        expires_in: accessToken.expiration,
        token_type: 'Bearer',
        refresh_token: await refreshToken.save(),
        scope: 'openid offline_access',
      };
    },
    ['username', 'password', 'scope'],
  );

  // Counts grants and serves a protected resource that accepts the provider's own access tokens.
  provider.use(async (ctx, next) => {
    if (ctx.path === '/api/resource') {
      const token = /^Bearer (\S+)$/.exec(ctx.get('authorization'))?.[1];
      const found =
        token === undefined
          ? undefined
          : ((await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token)));
      ctx.status = found === undefined ? 401 : 200;
      ctx.body = found === undefined ? { error: 'invalid_token' } : { ok: true, client: found.clientId };
      return;
    }
    if (ctx.path === '/token' && ctx.method === 'POST') {
      await next();
      if (ctx.oidc?.client !== undefined) stats.clientAuthMethods.push(ctx.oidc.client.clientAuthMethod);
      // Keycloak's refresh_expires_in, which the wallet's re-login forecast reads.
      const body = ctx.body as { refresh_token?: string; refresh_expires_in?: number } | undefined;
      if (ctx.status === 200 && typeof body?.refresh_token === 'string' && options.refreshTokenTtlSec !== undefined)
        body.refresh_expires_in = refreshTtl;
      if (ctx.status === 200 && ctx.oidc?.params?.grant_type === 'client_credentials')
        stats.clientCredentialsGrants += 1;
      if (ctx.status === 200 && ctx.oidc?.params?.grant_type === 'refresh_token') stats.refreshGrants += 1;
      return;
    }
    if (ctx.path === '/token/revocation' && ctx.method === 'POST') {
      await next();
      if (ctx.status === 200) stats.revocations += 1;
      return;
    }
    await next();
  });

  server.on('request', provider.callback());
  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    resourceUrl: `${issuer}/api/resource`,
    stats,
    isActive: async (token) => {
      const response = await fetch(`${issuer}/token/introspection`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from('tw-introspect:introspect-secret').toString('base64')}`,
        },
        body: new URLSearchParams({ token }).toString(),
      });
      return ((await response.json()) as { active?: boolean }).active === true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
