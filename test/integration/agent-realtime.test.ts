import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { agentSocketPath } from '../../app/agent/agent-socket';
import { testTls } from '../fakes/fake-server';
import { startFake } from '../fakes/index';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { runCli, tempWalletHome, addVyopta } from '../helpers/cli-runner';

/**
 * Real time, compressed lifetimes: the agent renews by itself, the CLI uses it, and every token
 * handed out is valid at the server at that moment.
 */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const password = 's3cret-Pa55\n';

describe('the agent keeps tokens fresh in real time', () => {
  const home = tempWalletHome('tw-agent-');
  let sensu: Awaited<ReturnType<typeof startFake<'sensu'>>>;
  let vyopta: Awaited<ReturnType<typeof startFake<'vyopta'>>>;
  let agent: AgentProcess;

  before(async () => {
    sensu = await startFake('sensu', { lifetimeSec: 8 });
    vyopta = await startFake('vyopta', { lifetimeSec: 6 });
    for (const args of [
      ['add', 'sensu', '--provider', 'sensu', '--url', sensu.url, '--username', 'alice'],
      addVyopta('vy', vyopta.tokenUrl),
    ]) {
      const result = await runCli([...args, '--password-stdin'], { home, input: password });
      assert.equal(result.code, 0, result.stderr);
    }
    agent = await startAgent(home);
    assert.equal(statSync(agentSocketPath(home)).mode & 0o777, 0o600, 'the agent socket is owner-only');
  });

  after(async () => {
    await agent?.stop();
    await Promise.all([sensu?.close(), vyopta?.close()]);
  });

  test('renews near 75 % of each lifetime, and every token handed out is valid at the server', async () => {
    const started = Date.now();
    const handedOut: Array<{ at: number; valid: boolean }> = [];
    while (Date.now() - started < 14_000) {
      const token = await runCli(['token', 'vy'], { home });
      assert.equal(token.code, 0, token.stderr);
      handedOut.push({ at: Date.now(), valid: vyopta.isValid(token.stdout.trim()) });
      await sleep(250);
    }
    // Enough calls to span three lifetimes; how many fit in 14 s depends on the machine's load.
    assert.ok(handedOut.length >= 10, `${handedOut.length} tokens handed out in 14 s`);
    assert.deepEqual(
      handedOut.filter((entry) => !entry.valid),
      [],
      'no expired or unknown token was ever handed out',
    );
    for (const token of [...vyopta.state.tokens.keys()])
      assert.ok(!agent.log().includes(token), 'the agent log holds no token');
    assert.ok(!agent.log().includes('s3cret-Pa55'), 'nor a password');
    // The agent logged in first, then renewed about every 4.5 s (75 % of 6 s, ±3 %).
    const logins = vyopta.stats.tokenRequests.map((request) => request.at);
    assert.ok(logins.length >= 3, `${logins.length} logins`);
    const gaps = logins.slice(1).map((at, index) => at - (logins[index] ?? at));
    for (const gap of gaps) assert.ok(gap > 4000 && gap < 5500, `renewal gap ${gap} ms, expected about 4500`);
    // A line for each successful renewal only with --verbose (agent-host-costs.test.ts).
    assert.doesNotMatch(agent.log(), /renewed vy: valid until/);
  });

  test('the CLI uses the agent: it needs no keychain of its own and its calls make no logins', async () => {
    const before = sensu.stats.logins + sensu.stats.refreshes;
    // With no D-Bus to reach, an in-process wallet could not read the keychain: only the agent can answer.
    const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    const alone = await runCli(['list'], { home: tempWalletHome('tw-nokeychain-'), env: noKeychain });
    assert.equal(alone.code, 0, 'list needs no keychain');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => runCli(['token', 'sensu'], { home, env: noKeychain })),
    );
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    // Lifetimes are seconds here: the scheduler's own renewal may land in the middle of the batch.
    assert.ok(new Set(results.map((result) => result.stdout)).size <= 2, 'one token, or the old and the renewed one');
    assert.ok(sensu.stats.logins + sensu.stats.refreshes - before <= 1, 'twenty calls, at most one renewal');
    assert.ok(sensu.stats.refreshes >= 1, 'the agent renews Sensu with its refresh token');
  });

  test('a server that fails for a while is retried and recovers; the old token serves meanwhile', async () => {
    const failures = Array.from({ length: 3 }, () => ({ status: 503, body: '{"message":"maintenance"}' }));
    sensu.knobs.failNext = [...failures];
    const deadline = Date.now() + 15_000;
    while (sensu.knobs.failNext.length > 0 && Date.now() < deadline) {
      const token = await runCli(['token', 'sensu'], { home });
      if (token.code === 0) assert.ok(sensu.isValid(token.stdout.trim()), 'a valid token while the server fails');
      await sleep(200);
    }
    assert.equal(sensu.knobs.failNext.length, 0, 'all three failures were consumed by retries');
    await sleep(1500);
    const token = await runCli(['token', 'sensu'], { home });
    assert.equal(token.code, 0, token.stderr);
    assert.ok(sensu.isValid(token.stdout.trim()));
    assert.match(agent.log(), /renewal of sensu failed: server error \(HTTP 503/);
  });

  test('a refresh token the server no longer knows falls back to a login', async () => {
    const logins = sensu.stats.logins;
    sensu.refreshTokens.clear();
    const deadline = Date.now() + 10_000;
    while (sensu.stats.logins === logins && Date.now() < deadline) await sleep(200);
    assert.equal(sensu.stats.logins, logins + 1);
    const token = await runCli(['token', 'sensu'], { home });
    assert.ok(sensu.isValid(token.stdout.trim()));
  });

  test('a relative --ca-file given to the CLI works through the agent, whose working directory differs', async () => {
    const appliance = await startFake('vss', { tls: testTls() });
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'tw-cwd-'));
    writeFileSync(path.join(elsewhere, 'appliance-ca.pem'), testTls().ca);
    try {
      const add = await runCli(
        [
          'add',
          'tls',
          '--provider',
          'vss',
          '--url',
          appliance.url,
          '--username',
          'alice',
          '--ca-file',
          'appliance-ca.pem',
          '--password-stdin',
        ],
        { home, input: password, cwd: elsewhere },
      );
      assert.equal(add.code, 0, add.stderr);
      const token = await runCli(['token', 'tls'], { home });
      assert.equal(token.code, 0, token.stderr);
      assert.ok(appliance.isValid(token.stdout.trim()));
    } finally {
      await runCli(['remove', 'tls'], { home });
      await appliance.close();
    }
  });

  test('SIGTERM stops the agent cleanly and removes its socket; the CLI then works on its own', async () => {
    const code = await agent.stop('SIGTERM');
    assert.equal(code, 0);
    assert.match(agent.log(), /agent stopped/);
    assert.equal(existsSync(agentSocketPath(home)), false);
    const token = await runCli(['token', 'vy'], { home });
    assert.equal(token.code, 0, token.stderr);
    assert.ok(vyopta.isValid(token.stdout.trim()));
  });
});
