import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HttpRequest } from '../../app/http/http-client';
import type { AccountRecord } from '../../app/model';
import { oidcProvider } from '../../app/providers/oauth2-token';
import type { ProviderContext } from '../../app/providers/provider';
import { scriptedHttp, type Reply } from '../helpers/scripted-http';

/**
 * Protocol details a real server cannot be made to show on demand: the device flow's slow_down
 * and expired_token, and a non-ASCII client secret (oidc-provider refuses those as client metadata).
 */
const issuer = 'https://idp.test';
const discovery = {
  issuer,
  token_endpoint: `${issuer}/token`,
  device_authorization_endpoint: `${issuer}/device/auth`,
};
const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body,
});
const tokenBody = { access_token: 'at-1', token_type: 'Bearer', expires_in: 300, refresh_token: 'rt-1' };

function account(options: AccountRecord['options']): AccountRecord {
  return {
    id: 'a1',
    name: 'idp',
    provider: 'oidc',
    url: issuer,
    username: 'alice',
    options: { issuer, ...options },
    createdAt: '2026-01-01T00:00:00Z',
  };
}

function context(
  record: AccountRecord,
  handler: (request: HttpRequest) => Reply,
  extra: Partial<ProviderContext> = {},
): { context: ProviderContext; said: string[] } {
  const { transport } = scriptedHttp((request) =>
    request.url.pathname.endsWith('openid-configuration') ? json(200, discovery) : handler(request),
  );
  const said: string[] = [];
  return {
    said,
    context: {
      account: record,
      password: '',
      http: transport,
      now: Date.now,
      interaction: { say: (text) => said.push(text), openBrowser: () => false },
      ...extra,
    },
  };
}

describe('device flow polling (RFC 8628 §3.5)', () => {
  test('authorization_pending waits, slow_down adds 5 s, then the tokens', { timeout: 30_000 }, async () => {
    const polls: number[] = [];
    const replies = [
      json(400, { error: 'authorization_pending' }),
      json(400, { error: 'slow_down' }),
      json(200, tokenBody),
    ];
    const { context: ctx, said } = context(account({ clientId: 'tv', grant: 'device_code' }), (request) => {
      if (request.url.pathname === '/device/auth')
        return json(200, {
          device_code: 'dc',
          user_code: 'ABCD-EFGH',
          verification_uri: `${issuer}/device`,
          expires_in: 60,
          interval: 1,
        });
      polls.push(Date.now());
      return replies.shift() ?? json(500, {});
    });
    const result = await oidcProvider.login(ctx);
    assert.equal(result.accessToken, 'at-1');
    assert.equal(polls.length, 3);
    const [first = 0, second = 0, third = 0] = polls;
    assert.ok(second - first >= 900 && second - first < 3000, 'polled at the given interval');
    assert.ok(third - second >= 5900, `slow_down added 5 s (waited ${third - second} ms)`);
    assert.match(said.join('\n'), /open https:\/\/idp\.test\/device and enter the code ABCD-EFGH/);
  });

  test('expired_token and access_denied end the wait with a clear credentials error', { timeout: 30_000 }, async () => {
    for (const [code, message] of [
      ['expired_token', /device code expired/],
      ['access_denied', /sign-in was denied/],
    ] as const) {
      const { context: ctx } = context(account({ clientId: 'tv', grant: 'device_code' }), (request) =>
        request.url.pathname === '/device/auth'
          ? json(200, {
              device_code: 'dc',
              user_code: 'X',
              verification_uri: `${issuer}/device`,
              expires_in: 60,
              interval: 1,
            })
          : json(400, { error: code }),
      );
      await assert.rejects(
        oidcProvider.login(ctx),
        (error: Error & { kind?: string }) => error.kind === 'credentials' && message.test(error.message),
      );
    }
  });
});

describe('client_secret_basic with a non-ASCII secret', () => {
  test('id and secret are form-encoded (RFC 6749 §2.3.1) before Basic; post sends them as they are', async () => {
    const secret = 'sé€:%+ /ü';
    for (const method of ['basic', 'post'] as const) {
      let seen: HttpRequest | undefined;
      const { context: ctx } = context(
        account({ clientId: 'app:1', clientAuth: method }),
        (request) => {
          seen = request;
          return json(200, tokenBody);
        },
        { password: 'pw', clientSecret: secret },
      );
      await oidcProvider.login(ctx);
      assert.ok(seen !== undefined);
      const form = new URLSearchParams(seen.body ?? '');
      if (method === 'basic') {
        const encoded = Buffer.from((seen.headers?.authorization ?? '').replace(/^Basic /, ''), 'base64').toString(
          'latin1',
        );
        assert.equal(encoded, 'app%3A1:s%C3%A9%E2%82%AC%3A%25%2B+%2F%C3%BC');
        assert.equal(form.get('client_secret'), null);
      } else {
        assert.equal(form.get('client_secret'), secret);
        assert.equal(form.get('client_id'), 'app:1');
        assert.equal(seen.headers?.authorization, undefined);
      }
      assert.equal(form.get('grant_type'), 'password');
    }
  });
});
