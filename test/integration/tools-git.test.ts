import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFake, type Fake } from '../fakes/index';
import { startGitServer, type GitServerFake } from '../fakes/git-server';
import { startArgvScanner } from '../helpers/argv-recorder';
import { runCli, tempWalletHome, type CliResult } from '../helpers/cli-runner';
import { addAccount, issuedSecrets, shellCli } from '../helpers/tools-setup';

function git(args: string[], env: Record<string, string>, cwd?: string): Promise<CliResult> {
  const child = spawn('git', args, {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_ASKPASS: '/bin/false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

describe('git through token-wallet git-credential', () => {
  let sensu: Fake;
  let server: GitServerFake;
  const home = tempWalletHome('tw-git-');
  const gitHome = path.join(home, 'git-home');
  let env: Record<string, string>;
  let scanner: ReturnType<typeof startArgvScanner>;

  before(async () => {
    sensu = await startFake('sensu');
    server = await startGitServer((token) => sensu.isValid(token));
    scanner = startArgvScanner(() => issuedSecrets(sensu));
    await addAccount(home, 'forge', 'sensu', sensu.url);
    // A private HOME with the helper set up as the README says, for this server only.
    mkdirSync(gitHome, { recursive: true });
    env = { HOME: gitHome, TOKEN_WALLET_HOME: home, XDG_CONFIG_HOME: path.join(gitHome, '.config') };
    const configured = await git(
      ['config', '--global', `credential.${server.url}.helper`, `!${shellCli} git-credential forge`],
      env,
    );
    assert.equal(configured.code, 0, configured.stderr);
  });
  after(async () => {
    scanner.stop();
    await server.close();
    await sensu.close();
  });

  test('clone fails without the helper and works with it', async () => {
    const without = await git(
      ['-c', 'credential.helper=', 'clone', '-q', server.repoUrl, path.join(home, 'no-helper')],
      { ...env, HOME: '/nonexistent' },
    );
    assert.notEqual(without.code, 0);
    const clone = await git(['clone', '-q', server.repoUrl, path.join(home, 'clone')], env);
    assert.equal(clone.code, 0, clone.stderr);
    assert.equal(readFileSync(path.join(home, 'clone', 'README'), 'utf8'), 'served by git http-backend\n');
    assert.ok(
      server.seen.some((request) => request.status === 200 && request.user === 'alice'),
      "the account's user name, the token as password",
    );
  });

  test('a rejected token makes git erase it; the next fetch renews and succeeds', async () => {
    const current = (await runCli(['token', 'forge'], { home })).stdout.trim();
    const issued = sensu.state.tokens.get(current);
    assert.ok(issued);
    issued.revoked = true;
    const refused = await git(['fetch', '-q'], env, path.join(home, 'clone'));
    assert.notEqual(refused.code, 0, 'the server refused the revoked token');
    const fetch = await git(['fetch', '-q'], env, path.join(home, 'clone'));
    assert.equal(fetch.code, 0, fetch.stderr);
    const renewed = (await runCli(['token', 'forge'], { home })).stdout.trim();
    assert.notEqual(renewed, current);
    assert.ok(sensu.isValid(renewed));
  });

  test('the protocol: get answers username, password, password_expiry_utc; store is a no-op; --username', async () => {
    const get = await runCli(['git-credential', 'forge', '--username', 'x-token', 'get'], {
      home,
      input: 'protocol=https\nhost=git.example\n\n',
    });
    assert.equal(get.code, 0, get.stderr);
    const fields = Object.fromEntries(
      get.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    assert.equal(fields.username, 'x-token');
    assert.ok(sensu.isValid(fields.password ?? ''));
    assert.ok(Number(fields.password_expiry_utc) * 1000 > Date.now());
    const store = await runCli(['git-credential', 'forge', 'store'], {
      home,
      input: `username=x\npassword=${fields.password}\n\n`,
    });
    assert.equal(store.code, 0);
    assert.equal(store.stdout, '');
    const bad = await runCli(['git-credential', 'forge', 'fetch'], { home });
    assert.equal(bad.code, 2);
  });

  test('the /proc scan saw no token in any argv', () => {
    const { scans, hits } = scanner.stop();
    assert.ok(scans > 10);
    assert.deepEqual(hits, []);
  });
});
