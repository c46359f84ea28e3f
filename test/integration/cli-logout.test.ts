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
    // A token that outlives today (a run between 23:00 and midnight) is given with its date.
    assert.match(
      logout.stdout,
      /^UofT VSS has no logout: the token was forgotten here; the server accepts it until ([\d-]{10} )?\d\d:\d\d\n$/,
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
