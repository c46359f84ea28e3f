import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { answerDeviceDiscovery, json, startHostileServer, type HostileServer } from './hostile-server';

/**
 * Attacker pass: a hostile OpenID Connect server signs a person in (device code) and hands out a
 * refresh token that is a JWT whose `exp` lies: 1e20 s is past the range of a Date. The wallet
 * takes the refresh token's end as the sign-in deadline; uncapped, that deadline broke `show` and
 * `list --json` for every account of the wallet ("Invalid time value", exit 1).
 */
const tenYearsMs = 10 * 365 * 86_400_000;
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('a refresh token whose exp is absurd', () => {
  let exp = 1e20;
  let server: HostileServer;
  before(async () => {
    server = await startHostileServer((request, response, _body, origin) => {
      if (answerDeviceDiscovery(request, response, origin)) return;
      if (request.url === '/device') {
        return json(response, 200, {
          device_code: 'dc',
          user_code: 'ABCD-EFGH',
          verification_uri: `${origin}/verify`,
          expires_in: 60,
          interval: 1,
        });
      }
      return json(response, 200, {
        access_token: 'at-1',
        token_type: 'Bearer',
        expires_in: 300,
        refresh_token: `${b64({ alg: 'none' })}.${b64({ exp })}.sig`,
      });
    });
  });
  after(() => server.close());

  for (const [label, value] of [
    ['past the range of a Date (1e20 s)', 1e20],
    ['in the year 33658 (1e12 s)', 1e12],
  ] as const) {
    test(`${label}: show and list --json still work, the deadline is capped`, async () => {
      exp = value;
      const home = tempWalletHome('tw-sec-exp-');
      const added = await runCli(
        ['add', 'dev', '--provider', 'oidc', '--issuer', server.url, '--client-id', 'c', '--grant', 'device_code'],
        { home },
      );
      assert.equal(added.code, 0, added.stderr);
      const shown = await runCli(['show', 'dev', '--json'], { home });
      assert.equal(shown.code, 0, shown.stderr);
      const listed = await runCli(['list', '--json'], { home });
      assert.equal(listed.code, 0, listed.stderr);
      const [account] = JSON.parse(listed.stdout) as Array<{ signInBy: string | null }>;
      const signInBy = Date.parse(account?.signInBy ?? '');
      assert.ok(Number.isFinite(signInBy), `a real date: ${account?.signInBy}`);
      assert.ok(signInBy <= Date.now() + tenYearsMs, `at most ten years away: ${account?.signInBy}`);
      const plain = await runCli(['list'], { home });
      assert.doesNotMatch(plain.stdout, /Invalid Date/);
    });
  }
});
