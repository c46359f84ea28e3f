import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WalletError } from '../../app/errors';
import { httpRequest } from '../../app/http/http-client';
import type { AccountRecord } from '../../app/model';
import { oidcProvider } from '../../app/providers/oauth2-token';
import { testTls } from '../fakes/fake-server';
import { json, startHostileServer, type HostileServer } from './hostile-server';

/**
 * Finding 3: a lying discovery document must not send the password (or a refresh token) anywhere the
 * user would not have been allowed to type: every URL from it obeys the typed-URL rules, and its
 * issuer must be the configured one (OpenID Connect Discovery 1.0, 4.3).
 */
describe('OIDC discovery results are validated like typed URLs', () => {
  const tls = testTls();
  const password = 'discovery-must-not-leak-this';
  let capture: HostileServer;
  let captureTls: HostileServer;

  before(async () => {
    capture = await startHostileServer((_request, response) =>
      json(response, 200, { access_token: 'captured', token_type: 'Bearer', expires_in: 300 }),
    );
    captureTls = await startHostileServer(
      (_request, response) => json(response, 200, { access_token: 'captured', token_type: 'Bearer', expires_in: 300 }),
      tls,
    );
  });
  after(async () => {
    await capture.close();
    await captureTls.close();
  });

  /** An https issuer (trusted through the test CA) whose document says what `lie` returns. */
  async function lyingIssuer(lie: (issuer: string) => Record<string, unknown>): Promise<HostileServer> {
    return startHostileServer((request, response, _body, origin) => {
      if (request.url === '/.well-known/openid-configuration') return json(response, 200, lie(origin));
      return json(response, 404, { error: 'not_found' });
    }, tls);
  }

  function account(issuer: string, allowHttp = false): AccountRecord {
    return {
      id: 'acct-1',
      name: 'oidc',
      provider: 'oidc',
      url: 'https://api.example',
      username: 'alice',
      options: { issuer },
      ...(allowHttp ? { allowHttp: true } : {}),
      createdAt: new Date(0).toISOString(),
    };
  }

  async function loginFails(issuerServer: HostileServer, allowHttp = false): Promise<WalletError> {
    const context = {
      account: account(issuerServer.url, allowHttp),
      password,
      ca: tls.ca,
      http: httpRequest,
      now: () => Date.now(),
    };
    try {
      await oidcProvider.login(context);
    } catch (error) {
      assert.ok(error instanceof WalletError, `a typed error, got ${String(error)}`);
      assert.ok(!error.message.includes(password));
      return error;
    } finally {
      await issuerServer.close();
    }
    assert.fail('the login must be refused');
  }

  const cases: Array<[string, (issuer: string) => Record<string, unknown>]> = [
    [
      'a plain-http token endpoint behind an https issuer (downgrade)',
      (issuer) => ({ issuer, token_endpoint: `${capture.url}/token` }),
    ],
    [
      'credentials in the token endpoint URL',
      (issuer) => ({ issuer, token_endpoint: `${captureTls.url.replace('https://', 'https://user:pw@')}/token` }),
    ],
    ['a token endpoint with a non-http scheme', (issuer) => ({ issuer, token_endpoint: 'file:///etc/passwd' })],
    ['a token endpoint that is not a URL', (issuer) => ({ issuer, token_endpoint: 'not a url' })],
    ['plain http to a remote host', (issuer) => ({ issuer, token_endpoint: 'http://capture.invalid/token' })],
    ['another issuer', () => ({ issuer: captureTls.url, token_endpoint: `${captureTls.url}/token` })],
    [
      'an issuer that differs only by a path',
      (issuer) => ({ issuer: `${issuer}/other`, token_endpoint: `${captureTls.url}/token` }),
    ],
  ];
  for (const [title, lie] of cases) {
    test(`refused: ${title}`, async () => {
      const before = capture.requests.length + captureTls.requests.length;
      const error = await loginFails(await lyingIssuer(lie));
      assert.notEqual(error.kind, 'unreachable', `refused before any request, got: ${error.message}`);
      assert.equal(capture.requests.length + captureTls.requests.length, before, 'the capture servers saw nothing');
    });
  }

  test('an honest document still works (and its token endpoint may be on another https host)', async () => {
    const issuerServer = await lyingIssuer((issuer) => ({ issuer, token_endpoint: `${captureTls.url}/token` }));
    try {
      const result = await oidcProvider.login({
        account: account(issuerServer.url),
        password,
        ca: tls.ca,
        http: httpRequest,
        now: () => Date.now(),
      });
      assert.equal(result.accessToken, 'captured');
    } finally {
      await issuerServer.close();
    }
  });

  test('the revocation endpoint is checked too: a refresh token never goes to plain http', async () => {
    const issuerServer = await lyingIssuer((issuer) => ({
      issuer,
      token_endpoint: `${captureTls.url}/token`,
      revocation_endpoint: `${capture.url}/revoke`,
    }));
    const before = capture.requests.length;
    try {
      await assert.rejects(
        oidcProvider.logout!(
          { account: account(issuerServer.url), password, ca: tls.ca, http: httpRequest, now: () => Date.now() },
          { accessToken: 'a', refreshToken: 'refresh-secret', issuedAt: 0, expiresAt: Date.now() + 60_000 },
        ),
        (error: unknown) => error instanceof WalletError && !error.message.includes('refresh-secret'),
      );
    } finally {
      await issuerServer.close();
    }
    assert.equal(capture.requests.length, before, 'no refresh token sent over plain http');
  });
});
