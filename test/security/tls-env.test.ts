import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testTls } from '../fakes/fake-server';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { addAccount, json, startHostileServer, type HostileServer } from './hostile-server';

/** Finding 6: NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment changes nothing. */
describe('certificate checks cannot be turned off by the environment', () => {
  const home = tempWalletHome('tw-sec-tls-');
  const password = 'never-to-an-untrusted-server';
  let server: HostileServer;

  before(async () => {
    const tls = testTls();
    // Signed by a CA nobody gave the wallet: an impostor.
    server = await startHostileServer(
      (_request, response) =>
        json(response, 200, {
          access_token: 'stolen',
          refresh_token: 'r',
          expires_at: Math.floor(Date.now() / 1000) + 900,
        }),
      tls,
    );
    const added = await addAccount(
      home,
      'impostor',
      ['--provider', 'sensu', '--url', server.url, '--username', 'alice'],
      password,
    );
    assert.equal(added.code, 0, added.stderr);
  });
  after(() => server.close());

  test('with NODE_TLS_REJECT_UNAUTHORIZED=0 an untrusted certificate is still refused; no password sent', async () => {
    const result = await runCli(['token', 'impostor'], { home, env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
    assert.equal(result.code, 4, `exit ${result.code}: ${result.stdout} ${result.stderr}`);
    assert.match(result.stderr, /TLS certificate not trusted/);
    assert.equal(server.requests.length, 0, 'the impostor saw no request, so no credentials');
  });
});
