import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFake } from '../fakes/index';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { runCli, tempWalletHome, addVyopta } from '../helpers/cli-runner';

/** A logout sticks: nothing renews or logs in until the user asks again, across agent restarts. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const password = 's3cret-Pa55\n';
type Listed = { name: string; status: string; reason?: string };
const listed = async (home: string, name: string): Promise<Listed | undefined> =>
  (JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Listed[]).find(
    (account) => account.name === name,
  );

describe('logout with the agent running', () => {
  const home = tempWalletHome('tw-logout-');
  let vyopta: Awaited<ReturnType<typeof startFake<'vyopta'>>>;
  let agent: AgentProcess | undefined;

  before(async () => {
    vyopta = await startFake('vyopta', { lifetimeSec: 6 });
    const add = await runCli([...addVyopta('vy', vyopta.tokenUrl), '--password-stdin'], { home, input: password });
    assert.equal(add.code, 0, add.stderr);
  });
  after(async () => {
    await agent?.stop();
    await vyopta.close();
  });

  test('nothing logs in for 15 s after a logout, not even an agent restart; then `token` logs in once', async () => {
    agent = await startAgent(home);
    assert.equal((await runCli(['token', 'vy'], { home })).code, 0);
    const logout = await runCli(['logout', 'vy'], { home });
    assert.equal(logout.code, 0, logout.stderr);
    const before = vyopta.stats.tokenRequests.length;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      // list and show are what the tray and dashboard do too: reading must not log in.
      assert.equal((await listed(home, 'vy'))?.status, 'logged-out');
      await sleep(1000);
    }
    assert.equal(vyopta.stats.tokenRequests.length, before, 'no token request after the logout');
    assert.equal(await agent.stop(), 0);
    agent = await startAgent(home);
    await sleep(2000);
    assert.equal(vyopta.stats.tokenRequests.length, before, 'a restarted agent does not log in either');
    assert.equal((await listed(home, 'vy'))?.status, 'logged-out', 'the logout survives the restart');
    const plain = await runCli(['list'], { home });
    assert.match(plain.stdout, /vy .*logged out/);
    const token = await runCli(['token', 'vy'], { home });
    assert.equal(token.code, 0, token.stderr);
    assert.ok(vyopta.isValid(token.stdout.trim()));
    assert.equal(vyopta.stats.tokenRequests.length, before + 1, 'asking for a token logs in once');
    assert.notEqual((await listed(home, 'vy'))?.status, 'logged-out');
  });

  test('login NAME logs in again after a logout, and the agent renews it again', async () => {
    assert.equal((await runCli(['logout', 'vy'], { home })).code, 0);
    const before = vyopta.stats.tokenRequests.length;
    const login = await runCli(['login', 'vy'], { home });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /logged in vy/);
    assert.equal(vyopta.stats.tokenRequests.length, before + 1);
    assert.equal((await listed(home, 'vy'))?.status, 'fresh');
    await sleep(6000);
    assert.ok(vyopta.stats.tokenRequests.length >= before + 2, 'the scheduler renews it again');
  });
});

describe('logout says what happened', () => {
  const home = tempWalletHome('tw-logout-words-');
  let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;
  let veeam: Awaited<ReturnType<typeof startFake<'veeam-vao'>>>;
  before(async () => {
    vss = await startFake('vss', { lifetimeSec: 3600 });
    veeam = await startFake('veeam-vao');
  });
  after(async () => {
    await Promise.all([vss.close(), veeam.close()]);
  });

  test('an API without a logout: the token was only forgotten here, and is accepted until its expiry', async () => {
    assert.equal(
      (
        await runCli(['add', 'vss', '--provider', 'vss', '--url', vss.url, '--username', 'alice', '--password-stdin'], {
          home,
          input: password,
        })
      ).code,
      0,
    );
    const token = (await runCli(['token', 'vss'], { home })).stdout.trim();
    const logout = await runCli(['logout', 'vss'], { home });
    assert.equal(logout.code, 0, logout.stderr);
    assert.match(
      logout.stdout,
      // "until 14:05", or with the date when that is tomorrow.
      /^UofT VSS has no logout: the token was forgotten here; the server accepts it until [\d: -]{5,16}\n$/,
    );
    assert.ok(vss.isValid(token), 'what it says is true: the server still accepts the token');
    const again = await runCli(['logout', 'vss'], { home });
    assert.match(again.stdout, /no session/);
  });

  test('an API with a logout ends the session at the server', async () => {
    assert.equal(
      (
        await runCli(
          ['add', 'vao', '--provider', 'veeam-vao', '--url', veeam.url, '--username', 'vao\\alice', '--password-stdin'],
          { home, input: password },
        )
      ).code,
      0,
    );
    const token = (await runCli(['token', 'vao'], { home })).stdout.trim();
    const logout = await runCli(['logout', 'vao'], { home });
    assert.equal(logout.code, 0, logout.stderr);
    assert.match(logout.stdout, /logged out vao: the server ended the session/);
    assert.equal(veeam.isValid(token), false);
  });
});

describe('remove says whether the server session ended', () => {
  const home = tempWalletHome('tw-remove-words-');
  const addVao = (name: string, url: string): Promise<{ code: number; stderr: string }> =>
    runCli(['add', name, '--provider', 'veeam-vao', '--url', url, '--username', 'vao\\alice', '--password-stdin'], {
      home,
      input: password,
    });

  test('server up: the session ends there, and nothing is said beyond the removal', async () => {
    const veeam = await startFake('veeam-vao');
    try {
      assert.equal((await addVao('up', veeam.url)).code, 0);
      const token = (await runCli(['token', 'up'], { home })).stdout.trim();
      const removed = await runCli(['remove', 'up'], { home });
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(removed.stdout, 'removed up and its secrets\n');
      assert.equal(removed.stderr, '');
      assert.equal(veeam.isValid(token), false, 'the server ended the session');
    } finally {
      await veeam.close();
    }
  });

  test('server gone: the account is removed all the same, and the person hears its session was left open', async () => {
    const veeam = await startFake('veeam-vao');
    const url = veeam.url;
    assert.equal((await addVao('down', url)).code, 0);
    assert.equal((await runCli(['token', 'down'], { home })).code, 0);
    await veeam.close();
    const removed = await runCli(['remove', 'down'], { home });
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, 'removed down and its secrets\n');
    assert.match(removed.stderr, /^token-wallet: warning: the server session of down was not ended \(.*refused.*\); /);
    assert.match(removed.stderr, /it ends when its token expires\n$/);
    assert.equal(removed.stderr.split('\n').length, 2, 'one line');
    assert.ok(!(await runCli(['list'], { home })).stdout.includes('down'));
  });
});
