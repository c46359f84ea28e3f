import * as oauth from 'oauth4webapi';
import type { TokenSet } from '../../model';
import { oauthFailure } from './oauth-errors';
import type { OAuthSession } from './grants';

/**
 * RFC 7009: the refresh token first (on most servers that ends the grant and its access tokens),
 * then the access token. Nothing to do when the server advertises no revocation endpoint.
 * Returns how many tokens the server revoked.
 */
export async function revokeSession(session: OAuthSession, current: TokenSet): Promise<number> {
  const { as, client, auth, http } = session;
  if (typeof as.revocation_endpoint !== 'string') return 0;
  const tokens: [string, string][] = [];
  if (current.refreshToken !== undefined) tokens.push([current.refreshToken, 'refresh_token']);
  tokens.push([current.accessToken, 'access_token']);
  let revoked = 0;
  for (const [token, hint] of tokens) {
    try {
      const response = await oauth.revocationRequest(as, client, auth, token, {
        additionalParameters: { token_type_hint: hint },
        ...http,
      });
      await oauth.processRevocationResponse(response);
      revoked += 1;
    } catch (error) {
      throw oauthFailure(error, session.server, 'revocation', http.last());
    }
  }
  return revoked;
}
