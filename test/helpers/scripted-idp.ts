import type { HttpRequest } from '../../app/http/http-client';
import type { Reply } from './scripted-http';

/**
 * A scripted OpenID Connect server for unit tests of what the wallet does around a device-code
 * sign-in (one second of polling): discovery, device authorization, device-code and refresh grants,
 * each answer numbered. `refreshExpiresIn` adds Keycloak's refresh_expires_in to every token answer.
 */
export const scriptedIssuer = 'https://idp.test';

export function scriptedIdp(options: { refreshExpiresIn?: number; accessTtlSec?: number } = {}) {
  const counts = { signIns: 0, refreshes: 0 };
  const json = (status: number, body: unknown): Reply => ({
    status,
    headers: { 'content-type': 'application/json' },
    body,
  });
  const tokens = (n: number): Reply =>
    json(200, {
      access_token: `at-${n}`,
      token_type: 'Bearer',
      expires_in: options.accessTtlSec ?? 300,
      refresh_token: `rt-${n}`,
      ...(options.refreshExpiresIn === undefined ? {} : { refresh_expires_in: options.refreshExpiresIn }),
    });
  const handler = (request: HttpRequest): Reply => {
    const path = request.url.pathname;
    if (path.endsWith('openid-configuration'))
      return json(200, {
        issuer: scriptedIssuer,
        token_endpoint: `${scriptedIssuer}/token`,
        device_authorization_endpoint: `${scriptedIssuer}/device/auth`,
      });
    if (path === '/device/auth')
      return json(200, {
        device_code: 'dc',
        user_code: 'WDJB-MJHT',
        verification_uri: `${scriptedIssuer}/device`,
        expires_in: 60,
        interval: 1,
      });
    const body = new URLSearchParams(request.body ?? '');
    if (body.get('grant_type') === 'refresh_token') return tokens(100 + ++counts.refreshes);
    return tokens(++counts.signIns);
  };
  return { handler, counts };
}
