import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFake, type Fake } from '../fakes/index';
import { startOidcServer } from '../fakes/oidc-server';
import { runCli, runShell, tempWalletHome } from '../helpers/cli-runner';

/**
 * The end-to-end path for every provider, through the built CLI in its own processes,
 * the real keychain and a server that follows the vendor's document:
 * add → token → curl (run) → httpie (run) → renew → test → logout → remove.
 */
interface Case {
  provider: string;
  start(): Promise<{
    url: string;
    close(): Promise<void>;
    isValid(token: string): boolean;
    addArgs: string[];
    username: string;
    password: string;
    resourcePath?: string;
  }>;
}

const password = 's3cret-Pa55';

function fakeCase(
  kind: 'vss' | 'ribbon-sbc' | 'sensu' | 'vyopta' | 'veeam-vao',
  extra: (fake: Fake) => string[] = () => [],
): Case {
  return {
    provider: kind,
    start: async () => {
      const fake = await startFake(kind);
      const username = kind === 'veeam-vao' ? 'vao\\alice' : 'alice';
      return {
        url: fake.url,
        close: () => fake.close(),
        isValid: (token) => fake.isValid(token),
        addArgs: extra(fake),
        username,
        password,
      };
    },
  };
}

/** Against the real OpenID Connect server; its tokens are proven by the snippets' 200 from its resource. */
function oidcCase(
  provider: string,
  addArgs: (issuer: string, tokenUrl: string) => string[],
  username: string,
  secret: string,
): Case {
  return {
    provider,
    start: async () => {
      const server = await startOidcServer();
      return {
        url: server.issuer,
        close: () => server.close(),
        isValid: () => true,
        addArgs: addArgs(server.issuer, server.tokenUrl),
        username,
        password: secret,
        resourcePath: '/api/resource',
      };
    },
  };
}

const cases: Case[] = [
  fakeCase('vss'),
  fakeCase('ribbon-sbc'),
  fakeCase('sensu'),
  fakeCase('vyopta', (fake) => ['--token-url', `${fake.url}/auth/realms/vyopta/protocol/openid-connect/token`]),
  fakeCase('veeam-vao'),
  oidcCase('oidc', (issuer) => ['--issuer', issuer, '--client-id', 'tw-public'], 'alice', password),
  oidcCase(
    'oauth2',
    (_issuer, tokenUrl) => ['--token-url', tokenUrl, '--client-id', 'tw-service', '--grant', 'client_credentials'],
    '',
    'tw-service-secret',
  ),
];

for (const testCase of cases) {
  describe(`${testCase.provider} through the CLI`, () => {
    let server: Awaited<ReturnType<Case['start']>>;
    const home = tempWalletHome();
    const name = `acct-${testCase.provider}`;

    before(async () => {
      server = await testCase.start();
    });
    after(async () => {
      await runCli(['remove', name], { home });
      await server.close();
    });

    test('add → token → curl → httpie → renew → test → logout → remove', async () => {
      const usernameArgs = server.username === '' ? [] : ['--username', server.username];
      const add = await runCli(
        [
          'add',
          name,
          '--provider',
          testCase.provider,
          '--url',
          server.url,
          ...usernameArgs,
          ...server.addArgs,
          '--password-stdin',
        ],
        {
          home,
          input: `${server.password}\n`,
        },
      );
      assert.equal(add.code, 0, add.stderr);

      const token = await runCli(['token', name], { home });
      assert.equal(token.code, 0, token.stderr);
      assert.match(token.stdout, /^\S+\n$/, 'the token and a newline, nothing else');
      const first = token.stdout.trim();
      assert.ok(server.isValid(first), 'the server accepts the token');

      const curl = await runCli(['curl', name, ...(server.resourcePath === undefined ? [] : [server.resourcePath])], {
        home,
      });
      assert.equal(curl.code, 0, curl.stderr);
      // The token is in the here-document; extra curl options go on the command's own (first) line.
      const curlRun = await runShell(curl.stdout.trim().replace(/^curl /, `curl -o /dev/null -w '%{http_code}' `));
      assert.equal(curlRun.stdout, '200', `curl got ${curlRun.stdout}: ${curlRun.stderr}`);

      const httpie = await runCli(
        ['httpie', name, ...(server.resourcePath === undefined ? [] : [server.resourcePath])],
        { home },
      );
      assert.equal(httpie.code, 0, httpie.stderr);
      const httpieRun = await runShell(httpie.stdout.trim().replace(/^http /, 'http --check-status --print=h '));
      assert.equal(httpieRun.code, 0, `httpie failed: ${httpieRun.stdout} ${httpieRun.stderr}`);
      assert.match(httpieRun.stdout, /200/);

      const renew = await runCli(['renew', name], { home });
      assert.equal(renew.code, 0, renew.stderr);
      const second = (await runCli(['token', name], { home })).stdout.trim();
      assert.notEqual(second, first, 'renew obtained a new token');
      assert.ok(server.isValid(second));

      const check = await runCli(['test', name], { home });
      assert.equal(check.code, 0, check.stderr);
      assert.match(check.stdout, /credentials accepted/);

      const logout = await runCli(['logout', name], { home });
      assert.equal(logout.code, 0, logout.stderr);
      const listed = JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{
        name: string;
        expiresAt: string | null;
      }>;
      assert.equal(listed.find((account) => account.name === name)?.expiresAt, null, 'logout forgets the token');

      // Before removal the keychain holds the password and the session, under this home's service.
      const walletId = (JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')) as { walletId: string })
        .walletId;
      const keychainItems = (): string =>
        execFileSync('secret-tool', ['search', '--all', 'service', `token-wallet:${walletId}`], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      assert.match(keychainItems(), /secret = /);
      const remove = await runCli(['remove', name], { home });
      assert.equal(remove.code, 0, remove.stderr);
      assert.equal(keychainItems(), '', 'remove deleted every keychain item of the account');
      const after = JSON.parse((await runCli(['list', '--json'], { home })).stdout) as unknown[];
      assert.deepEqual(after, []);
      const gone = await runCli(['token', name], { home });
      assert.equal(gone.code, 2);
    });
  });
}
