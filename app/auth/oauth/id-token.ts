import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import * as oauth from 'oauth4webapi';
import { WalletError } from '../../errors';
import type { OAuthSession } from './grants';

async function fetchJwks(session: OAuthSession, uri: string): Promise<JSONWebKeySet> {
  const response = await session.http[oauth.customFetch](uri, {
    method: 'GET',
    headers: { accept: 'application/json' },
    body: undefined,
    redirect: 'manual',
  });
  if (!response.ok)
    throw new WalletError('unexpected', `the JWKS could not be read (HTTP ${response.status})`, {
      server: session.server,
    });
  const body = (await response.json()) as { keys?: unknown };
  if (!Array.isArray(body.keys))
    throw new WalletError('unexpected', 'the JWKS has no keys', { server: session.server });
  return body as JSONWebKeySet;
}

/**
 * oauth4webapi checks an ID token's claims (iss, aud, nonce, exp) but, as OIDC Core §3.1.3.7 allows
 * over TLS, not its signature; the issue asks for that too, so jose verifies it against the JWKS,
 * fetched through the wallet's own transport (per-account CA, size cap).
 */
export async function verifyIdTokenSignature(session: OAuthSession, idToken: string): Promise<void> {
  const { as, client, server } = session;
  if (typeof as.jwks_uri !== 'string')
    throw new WalletError('unexpected', 'an ID token came back but the server advertises no jwks_uri', { server });
  let jwks: JSONWebKeySet;
  try {
    jwks = await fetchJwks(session, as.jwks_uri);
  } catch (error) {
    if (error instanceof WalletError) throw error;
    throw new WalletError('unexpected', 'the JWKS could not be read', { server });
  }
  try {
    await jwtVerify(idToken, createLocalJWKSet(jwks), { issuer: as.issuer, audience: client.client_id });
  } catch {
    throw new WalletError('unexpected', "the ID token's signature does not verify against the server's JWKS", {
      server,
    });
  }
}
