import * as oauth from 'oauth4webapi';
import { WalletError } from '../../errors';
import type { HttpResponse } from '../../http/http-client';
import { failureFor, isSuccess } from '../../providers/responses';

/** A server's own words, short and on one line (never echoed whole: it could be anything). */
function clip(text: string | undefined): string {
  return text === undefined ? '' : `: ${text.replace(/\s+/g, ' ').slice(0, 200)}`;
}

/** RFC 6749 §5.2 error codes, in the words a user can act on. */
function fromCode(
  code: string,
  description: string | undefined,
  status: number,
  server: string,
  grant: string,
): WalletError {
  const detail = `HTTP ${status}${clip(description)}`;
  switch (code) {
    case 'invalid_grant': {
      const what =
        grant === 'refresh_token'
          ? 'the refresh token was rejected'
          : grant === 'password'
            ? 'invalid username or password'
            : grant === 'authorization_code'
              ? 'the authorization code was rejected'
              : 'the grant was rejected';
      return new WalletError('credentials', `${what} (${detail})`, { server, status });
    }
    case 'invalid_client':
    case 'unauthorized_client':
      return new WalletError(
        'credentials',
        `the client was rejected; check the client ID, secret and --client-auth (${detail})`,
        { server, status, field: 'clientId' },
      );
    case 'unsupported_grant_type':
      return new WalletError('unexpected', `does not support the ${grant} grant (${detail})`, {
        server,
        status,
        field: 'grant',
      });
    case 'invalid_scope':
      return new WalletError('unexpected', `refused the scope (${detail})`, { server, status, field: 'scope' });
    case 'access_denied':
      return new WalletError('credentials', `the sign-in was denied (${detail})`, { server, status });
    case 'expired_token':
      return new WalletError('credentials', `the device code expired before the sign-in finished (${detail})`, {
        server,
        status,
      });
    default:
      return new WalletError('unexpected', `${code} (${detail})`, { server, status });
  }
}

/**
 * Any failure of an oauth4webapi exchange as a one-line WalletError. `last` is the raw response,
 * so that rate limits (Retry-After) and non-OAuth error pages keep the wallet's usual handling.
 */
export function oauthFailure(error: unknown, server: string, grant: string, last?: HttpResponse): WalletError {
  if (error instanceof WalletError) return error;
  if (last !== undefined && (last.status === 429 || last.status === 503)) return failureFor(last, server, [401, 403]);
  if (error instanceof oauth.ResponseBodyError)
    return fromCode(error.error, error.error_description, error.status, server, grant);
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    return fromCode(
      challenge?.parameters.error ?? 'invalid_client',
      challenge?.parameters.error_description,
      error.status,
      server,
      grant,
    );
  }
  if (error instanceof oauth.AuthorizationResponseError)
    return fromCode(error.error, error.error_description, 400, server, grant);
  if (last !== undefined && !isSuccess(last)) return failureFor(last, server, [401, 403]);
  const message = error instanceof Error ? error.message : String(error);
  return new WalletError('unexpected', `refused the server's answer${clip(message)}`, { server });
}
