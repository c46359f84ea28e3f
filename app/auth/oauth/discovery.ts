import * as oauth from 'oauth4webapi';
import { WalletError } from '../../errors';
import type { ProviderContext } from '../../providers/provider';
import { validateUrl } from '../../url-validation';
import { oauthFailure } from './oauth-errors';
import { oauthHttp } from './oauth-http';

/** The endpoints an account talks to; only `token_endpoint` is certain, the others come from discovery. */
export type ServerMetadata = oauth.AuthorizationServer & { token_endpoint: string };

const discoveryCache = new Map<string, ServerMetadata>();

const endpointKeys = [
  'token_endpoint',
  'authorization_endpoint',
  'device_authorization_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'jwks_uri',
] as const;

/**
 * A URL taken from a discovery document obeys the rules of a typed one (https unless the account
 * allows http, no credentials, no query or fragment) and never downgrades an https issuer to http:
 * otherwise a lying document could send the password wherever it likes. oauth4webapi checks the
 * issuer and the shape; these rules are the wallet's own, hence hand-written.
 */
function checkEndpoint(value: unknown, key: string, issuer: URL, allowHttp: boolean, server: string): void {
  let url: URL;
  try {
    url = new URL(validateUrl(value, key, allowHttp));
  } catch (error) {
    const reason = error instanceof WalletError ? error.message : 'malformed URL';
    throw new WalletError('unexpected', `discovery document refused: ${reason}`, { server, field: 'issuer' });
  }
  if (issuer.protocol === 'https:' && url.protocol !== 'https:') {
    throw new WalletError(
      'unexpected',
      `discovery document refused: ${key} downgrades the https issuer to plain http`,
      { server, field: 'issuer' },
    );
  }
}

/**
 * OpenID Connect Discovery 1.0 through oauth4webapi, which requires the document to name the same issuer (section 4.3).
 */
export async function discover(issuer: string, context: ProviderContext): Promise<ServerMetadata> {
  const allowHttp = context.account.allowHttp === true;
  const cacheKey = `${issuer}\u0000${allowHttp}`;
  const cached = discoveryCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const issuerUrl = new URL(issuer);
  const server = issuerUrl.origin;
  let metadata: oauth.AuthorizationServer;
  try {
    const response = await oauth.discoveryRequest(issuerUrl, { algorithm: 'oidc', ...oauthHttp(context) });
    metadata = await oauth.processDiscoveryResponse(issuerUrl, response);
  } catch (error) {
    if (error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
      throw new WalletError('unexpected', 'discovery names a different issuer', { server, field: 'issuer' });
    }
    throw oauthFailure(error, server, 'discovery');
  }
  for (const key of endpointKeys) {
    const value = metadata[key];
    if (value !== undefined && value !== null) checkEndpoint(value, key, issuerUrl, allowHttp, server);
  }
  if (typeof metadata.token_endpoint !== 'string')
    throw new WalletError('unexpected', 'discovery document has no token_endpoint', { server, field: 'issuer' });
  const result = metadata as ServerMetadata;
  discoveryCache.set(cacheKey, result);
  return result;
}

/** The account's server: its discovery document, or just the token URL it was given. */
export async function serverFor(context: ProviderContext, kindNeedsIssuer: boolean): Promise<ServerMetadata> {
  const { options } = context.account;
  if (options.issuer !== undefined) {
    const discovered = await discover(options.issuer, context);
    return options.tokenUrl === undefined ? discovered : { ...discovered, token_endpoint: options.tokenUrl };
  }
  if (options.tokenUrl === undefined) {
    throw new WalletError(
      'usage',
      kindNeedsIssuer ? 'the oidc provider needs --issuer or --token-url' : 'the oauth2 provider needs --token-url',
      {
        field: kindNeedsIssuer ? 'issuer' : 'tokenUrl',
      },
    );
  }
  return { issuer: new URL(options.tokenUrl).origin, token_endpoint: options.tokenUrl };
}
