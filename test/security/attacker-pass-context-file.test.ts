import assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { addAccount, json, startHostileServer, type HostileServer } from './hostile-server';

/**
 * Attacker pass: the `.token-wallet` file that names the account for a directory and below is
 * looked for in every parent, /tmp and shared project folders included (git's CVE-2022-24765 is
 * the same shape). Another local user must not choose which of our accounts a bare `token`,
 * `exec` or `curl` uses by planting that file in a parent, nor make `use` write through a
 * symlink they planted. The tests run as root, so "another user" is uid 65534.
 */
describe('a .token-wallet file someone else could have written is refused', () => {
  const home = tempWalletHome('tw-sec-ctx-');
  let server: HostileServer;

  before(async () => {
    server = await startHostileServer((request, response) => {
      // The token names the user, so a test sees whose token came out.
      const basic = String(request.headers.authorization ?? '').replace(/^Basic /, '');
      const user = Buffer.from(basic, 'base64').toString('utf8').split(':')[0] ?? 'nobody';
      json(response, 200, {
        access_token: `tok-${user}`,
        refresh_token: `r-${user}`,
        expires_at: Math.floor(Date.now() / 1000) + 900,
      });
    });
    for (const [name, user] of [
      ['dev', 'dev-user'],
      ['prod', 'prod-user'],
    ] as const) {
      const added = await addAccount(home, name, ['--provider', 'sensu', '--url', server.url, '--username', user]);
      assert.equal(added.code, 0, added.stderr);
    }
  });
  after(() => server.close());

  /** A shared folder like /tmp (1777) holding our own project folder. */
  function sharedParent(): { shared: string; project: string } {
    const shared = path.join(tempWalletHome('tw-sec-ctx-shared-'), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const project = path.join(shared, 'project');
    mkdirSync(project, { mode: 0o700 });
    return { shared, project };
  }

  test("another user's .token-wallet in a parent folder does not pick the account", async () => {
    const { shared, project } = sharedParent();
    const planted = path.join(shared, '.token-wallet');
    writeFileSync(planted, 'prod\n', { mode: 0o644 });
    chownSync(planted, 65534, 65534);
    const result = await runCli(['token'], { home, cwd: project });
    assert.equal(result.stdout, '', 'no token handed out on a planted file');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /\.token-wallet/);
    assert.match(result.stderr, /uid 65534/);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, 'one line');
  });

  test('a .token-wallet of ours that group or others may write is refused too', async () => {
    const { project } = sharedParent();
    const file = path.join(project, '.token-wallet');
    writeFileSync(file, 'prod\n');
    chmodSync(file, 0o666);
    const result = await runCli(['token'], { home, cwd: project });
    assert.equal(result.stdout, '');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /writable by group or others/);
  });

  test('our own .token-wallet (written by use) still names the account', async () => {
    const { project } = sharedParent();
    const used = await runCli(['use', 'dev'], { home, cwd: project });
    assert.equal(used.code, 0, used.stderr);
    const deep = path.join(project, 'src');
    mkdirSync(deep);
    const result = await runCli(['token'], { home, cwd: deep });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'tok-dev-user\n');
  });

  test('use does not write through a .token-wallet symlink planted in the folder', async () => {
    const { project } = sharedParent();
    const precious = path.join(tempWalletHome('tw-sec-ctx-victim-'), 'precious.txt');
    writeFileSync(precious, 'keep me\n', { mode: 0o600 });
    const link = path.join(project, '.token-wallet');
    symlinkSync(precious, link);
    const used = await runCli(['use', 'dev'], { home, cwd: project });
    assert.equal(readFileSync(precious, 'utf8'), 'keep me\n', 'the symlink target is untouched');
    assert.equal(used.code, 0, used.stderr);
    assert.ok(lstatSync(link).isFile(), 'the link was replaced by a file of our own');
    assert.equal(readFileSync(link, 'utf8'), 'dev\n');
  });
});
