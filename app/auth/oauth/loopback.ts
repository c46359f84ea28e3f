import http from 'node:http';
import * as oauth from 'oauth4webapi';
import { WalletError } from '../../errors';
import type { ProviderContext, SignInInteraction } from '../../providers/provider';
import { extraParameters, exchange, type OAuthSession } from './grants';
import { verifyIdTokenSignature } from './id-token';

/** A person gets this long to sign in before the wallet gives up. */
export const defaultSignInTimeoutMs = 5 * 60_000;

const page = (title: string, text: string): string =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="referrer" ` +
  `content="no-referrer"><title>${title}</title></head>` +
  `<body><main><h1>${title}</h1><p>${text}</p></main></body></html>\n`;

function waitText(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`;
}

/**
 * The one request to http://127.0.0.1:<ephemeral>/callback (RFC 8252 §7.3) that carries this
 * sign-in's `state`: anything else is a 404, and a callback with another state or none a 400 that
 * leaves the wait going (anyone who finds the port, another local user or a web page scanning
 * loopback, could otherwise cancel every sign-in). Hand-written: oauth4webapi has no server.
 */
async function awaitCallback(
  onListening: (redirectUri: string) => void,
  expectedState: string,
  timeoutMs: number,
  server: string,
): Promise<{ url: URL; answer(ok: boolean, text: string): void }> {
  const listener = http.createServer();
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', resolve);
  });
  const { port } = listener.address() as { port: number };
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.close();
      listener.closeAllConnections();
      reject(
        new WalletError(
          'credentials',
          `no sign-in within ${waitText(timeoutMs)}; run token-wallet login again when ready`,
          { server },
        ),
      );
    }, timeoutMs);
    listener.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      const url = new URL(request.url ?? '/', redirectUri);
      if (request.method !== 'GET' || url.pathname !== '/callback') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      if (url.searchParams.get('state') !== expectedState) {
        const text = 'This answer is not for the sign-in in progress; it was ignored.';
        response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Not this sign-in', text));
        return;
      }
      clearTimeout(timer);
      resolve({
        url,
        answer: (ok, text) => {
          const headers = {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            connection: 'close',
          };
          response.writeHead(ok ? 200 : 400, headers).end(page(ok ? 'Signed in' : 'Sign-in failed', text));
          listener.close();
        },
      });
    });
    onListening(redirectUri);
  });
}

/** Authorization code + PKCE (S256) through the system browser and a loopback redirect. */
// Over 60 lines on purpose: one loopback sign-in's life (listen, browser, callback, checks, time-out).
// eslint-disable-next-line max-lines-per-function
export async function browserSignIn(
  session: OAuthSession,
  context: ProviderContext,
  interaction: SignInInteraction,
): Promise<oauth.TokenEndpointResponse> {
  const { as, client, auth, http: transport, server } = session;
  if (typeof as.authorization_endpoint !== 'string') {
    throw new WalletError(
      'unexpected',
      'the server advertises no authorization_endpoint for a browser sign-in (try --grant device_code)',
      { server, field: 'grant' },
    );
  }
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const openid = context.account.provider === 'oidc';
  const nonce = openid ? oauth.generateRandomNonce() : undefined;
  const scope = context.account.options.scope ?? (openid ? 'openid offline_access' : undefined);
  const extra = extraParameters(context, false);
  const callback = await awaitCallback(
    (redirectUri) => {
      const url = new URL(as.authorization_endpoint as string);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', client.client_id);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge_method', 'S256');
      if (scope !== undefined) url.searchParams.set('scope', scope);
      // OIDC Core §11: offline_access (a refresh token) is granted only after consent.
      if (scope?.split(' ').includes('offline_access') === true) url.searchParams.set('prompt', 'consent');
      if (nonce !== undefined) url.searchParams.set('nonce', nonce);
      for (const [key, value] of Object.entries(extra)) if (key !== 'scope') url.searchParams.set(key, value);
      void oauth.calculatePKCECodeChallenge(verifier).then((challenge) => {
        url.searchParams.set('code_challenge', challenge);
        const opened = interaction.openBrowser(url.toString());
        const wait = waitText(interaction.timeoutMs ?? defaultSignInTimeoutMs);
        interaction.say(
          opened
            ? `Sign in to ${context.account.name} in the browser window that opened (waiting up to ${wait}).`
            : `Open this link to sign in to ${context.account.name} (waiting up to ${wait}):`,
        );
        if (!opened) interaction.say(url.toString());
      });
    },
    state,
    interaction.timeoutMs ?? defaultSignInTimeoutMs,
    server,
  );
  let parameters: URLSearchParams;
  try {
    parameters = oauth.validateAuthResponse(as, client, callback.url, state);
  } catch (error) {
    const reason =
      error instanceof oauth.AuthorizationResponseError
        ? `the server said ${error.error}`
        : 'the answer did not match this sign-in (wrong state)';
    callback.answer(false, `The sign-in was refused: ${reason}. Nothing was saved.`);
    throw new WalletError('credentials', `browser sign-in refused: ${reason}`, { server });
  }
  const redirectUri = `${callback.url.origin}/callback`;
  try {
    const result = await exchange(
      session,
      'authorization_code',
      () => oauth.authorizationCodeGrantRequest(as, client, auth, parameters, redirectUri, verifier, transport),
      (response) =>
        oauth.processAuthorizationCodeResponse(as, client, response, {
          expectedNonce: nonce ?? oauth.expectNoNonce,
          requireIdToken: false,
        }),
    );
    if (result.id_token !== undefined) await verifyIdTokenSignature(session, result.id_token);
    callback.answer(true, 'Signed in to Token Wallet; you can close this tab.');
    return result;
  } catch (error) {
    callback.answer(false, 'The sign-in could not be completed; see the terminal.');
    throw error;
  }
}
