import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awkwardClientSecret, startOidcServer, type OidcServer } from '../fakes/oidc-server';
import { runCli, tempWalletHome } from '../helpers/cli-runner';

/**
 * Confidential clients against the real oidc-provider: the secret from --client-secret-file (with
 * `:`, `%`, `+`, `/`, `=`, non-ASCII) sent as client_secret_basic (form-encoded first) or
 * client_secret_post, with the password grant, client credentials, refresh and revocation.
 */
const userPassword = 's3cret-Pa55';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

describe('oidc confidential clients through the CLI', () => {
  let server: OidcServer;
  const home = tempWalletHome('tw-oidc-conf-');
  const secretFile = path.join(home, '..', `tw-client-secret-${process.pid}`);

  before(async () => {
    server = await startOidcServer();
    writeFileSync(secretFile, `${awkwardClientSecret}\n`, { mode: 0o600 });
  });
  after(async () => {
    for (const name of ['conf-basic', 'conf-post', 'conf-cc', 'conf-wrong']) await runCli(['remove', name], { home });
    await server.close();
  });

  for (const method of ['basic', 'post'] as const) {
    test(`password grant with client_secret_${method}, refresh, then logout revokes both tokens`, async () => {
      const name = `conf-${method}`;
      const clientArgs = [
        '--client-id',
        `tw-conf-${method}`,
        '--client-secret-file',
        secretFile,
        '--client-auth',
        method,
      ];
      const add = await runCli(
        [
          'add',
          name,
          '--provider',
          'oidc',
          '--issuer',
          server.issuer,
          '--username',
          'alice',
          ...clientArgs,
          '--password-stdin',
        ],
        {
          home,
          input: userPassword,
        },
      );
      assert.equal(add.code, 0, add.stderr);
      assert.equal(server.stats.clientAuthMethods.at(-1), `client_secret_${method}`);
      const first = await runCli(['token', name], { home });
      assert.equal(first.code, 0, first.stderr);
      const refreshesBefore = server.stats.refreshGrants;
      const renew = await runCli(['renew', name], { home });
      assert.equal(renew.code, 0, renew.stderr);
      assert.equal(
        server.stats.refreshGrants,
        refreshesBefore + 1,
        'the renewal used the refresh token with the client secret',
      );
      const token = (await runCli(['token', name], { home })).stdout.trim();
      assert.notEqual(token, first.stdout.trim());
      assert.equal(await server.isActive(token), true);
      // The secret is in the keychain, never in the wallet's files.
      for (const file of filesUnder(home))
        assert.ok(!readFileSync(file, 'utf8').includes(awkwardClientSecret), `${file} holds the client secret`);
      const revocations = server.stats.revocations;
      const logout = await runCli(['logout', name], { home });
      assert.equal(logout.code, 0, logout.stderr);
      assert.equal(server.stats.revocations, revocations + 2, 'refresh token, then access token revoked');
      assert.equal(await server.isActive(token), false, 'introspection says inactive after logout');
    });
  }

  test('only a client secret: client credentials is chosen, sent with client_secret_post', async () => {
    const add = await runCli(
      [
        'add',
        'conf-cc',
        '--provider',
        'oidc',
        '--issuer',
        server.issuer,
        '--client-id',
        'tw-conf-post',
        '--client-secret-file',
        secretFile,
        '--client-auth',
        'post',
      ],
      { home },
    );
    assert.equal(add.code, 0, add.stderr);
    const before = server.stats.clientCredentialsGrants;
    const renew = await runCli(['renew', 'conf-cc'], { home });
    assert.equal(renew.code, 0, renew.stderr);
    assert.equal(server.stats.clientCredentialsGrants, before + 1);
    assert.equal(server.stats.clientAuthMethods.at(-1), 'client_secret_post');
    const token = await runCli(['token', 'conf-cc'], { home });
    assert.equal(await server.isActive(token.stdout.trim()), true);
    const show = await runCli(['show', 'conf-cc', '--json'], { home });
    assert.match(show.stdout, /client_credentials/);
  });

  test('a wrong client secret is refused with exit 3, naming the client and the server', async () => {
    const wrong = path.join(home, '..', `tw-wrong-secret-${process.pid}`);
    writeFileSync(wrong, 'not-the-secret', { mode: 0o600 });
    const add = await runCli(
      [
        'add',
        'conf-wrong',
        '--provider',
        'oidc',
        '--issuer',
        server.issuer,
        '--username',
        'alice',
        '--client-id',
        'tw-conf-basic',
        '--client-secret-file',
        wrong,
        '--password-stdin',
      ],
      {
        home,
        input: userPassword,
      },
    );
    assert.equal(add.code, 3, add.stderr);
    assert.match(add.stderr, /client was rejected/);
    assert.match(add.stderr, new RegExp(server.issuer.replace(/[.:/]/g, '\\$&')));
    assert.ok(!add.stderr.includes('not-the-secret'));
  });

  test('moving a confidential account elsewhere needs the client secret again', async () => {
    const add = await runCli(
      [
        'add',
        'conf-move',
        '--provider',
        'oidc',
        '--issuer',
        server.issuer,
        '--client-id',
        'tw-conf-basic',
        '--client-secret-file',
        secretFile,
      ],
      { home },
    );
    assert.equal(add.code, 0, add.stderr);
    const moved = await runCli(['edit', 'conf-move', '--token-url', 'http://127.0.0.1:9/token'], { home });
    assert.equal(moved.code, 2, moved.stderr);
    assert.match(moved.stderr, /client secret.*--client-secret-file/);
    const withSecret = await runCli(
      ['edit', 'conf-move', '--token-url', `${server.issuer}/token`, '--client-secret-file', secretFile],
      { home },
    );
    assert.equal(withSecret.code, 0, withSecret.stderr);
    await runCli(['remove', 'conf-move'], { home });
  });
});
