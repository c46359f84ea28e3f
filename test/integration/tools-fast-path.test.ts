import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFake, type Fake } from '../fakes/index';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { startArgvScanner } from '../helpers/argv-recorder';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { addAccount, issuedSecrets } from '../helpers/tools-setup';

/** The shell's way: curl over the agent's unix socket, no Node started. */
function curlSocket(socket: string, urlPath: string): Promise<{ code: number; stdout: string; status: string }> {
  return new Promise((resolve) => {
    execFile(
      'curl',
      ['-s', '-o', '-', '-w', '\n%{http_code}', '--unix-socket', socket, `http://wallet${urlPath}`],
      (error, stdout) => {
        const lines = stdout.split('\n');
        const status = lines.pop() ?? '';
        resolve({ code: error === null ? 0 : Number(error.code), stdout: lines.join('\n'), status });
      },
    );
  });
}

describe("the agent's plain-HTTP token socket", () => {
  let sensu: Fake;
  let agent: AgentProcess;
  let socket: string;
  const home = tempWalletHome('tw-fast-');
  let scanner: ReturnType<typeof startArgvScanner>;

  before(async () => {
    sensu = await startFake('sensu', { lifetimeSec: 6 });
    scanner = startArgvScanner(() => issuedSecrets(sensu));
    await addAccount(home, 'sensu1', 'sensu', sensu.url);
    await addAccount(home, 'broken', 'sensu', sensu.url, 'wrong-password', ['--no-verify']);
    agent = await startAgent(home);
    const env = await runCli(['env'], { home });
    assert.equal(env.code, 0, env.stderr);
    const match = /^export TOKEN_WALLET_SOCK=(.+)\n$/.exec(env.stdout);
    assert.ok(match?.[1], env.stdout);
    socket = match[1].replace(/^'(.*)'$/, '$1');
  });
  after(async () => {
    scanner.stop();
    await agent.stop();
    await sensu.close();
  });

  test("token-wallet env names an owner-only socket in the home, beside the agent's", () => {
    assert.equal(path.dirname(socket), home);
    const stat = statSync(socket);
    assert.ok(stat.isSocket());
    assert.equal(stat.mode & 0o777, 0o600);
  });

  test('curl -sf --unix-socket … /v1/token/NAME prints a fresh token, across renewals', async () => {
    const seen = new Set<string>();
    const deadline = Date.now() + 14_000;
    while (Date.now() < deadline) {
      const result = await curlSocket(socket, '/v1/token/sensu1');
      assert.equal(result.status, '200');
      assert.match(result.stdout, /^\S+\n$/);
      const token = result.stdout.trim();
      assert.ok(sensu.isValid(token), 'a valid token, never an expired one');
      seen.add(token);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.ok(seen.size >= 2, 'the agent renewed in the meantime');
    const cli = await runCli(['token', 'sensu1'], { home });
    assert.ok(sensu.isValid(cli.stdout.trim()), 'the CLI, through the agent, agrees');
  });

  test('404 for an unknown account, 503 when the token cannot be had, 404/405 for anything else', async () => {
    assert.equal((await curlSocket(socket, '/v1/token/nobody')).status, '404');
    const broken = await curlSocket(socket, '/v1/token/broken');
    assert.equal(broken.status, '503');
    assert.doesNotMatch(broken.stdout, /wrong-password/);
    assert.equal((await curlSocket(socket, '/v1/other')).status, '404');
    assert.equal(
      (await curlSocket(socket, '/v1/token/sensu1?min-valid=1h')).status,
      '503',
      'tokens of 6 s cannot last an hour',
    );
    assert.equal((await curlSocket(socket, '/v1/token/sensu1?min-valid=2s')).status, '200');
    const post = await new Promise<string>((resolve) => {
      execFile(
        'curl',
        [
          '-s',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          '-X',
          'POST',
          '--unix-socket',
          socket,
          'http://wallet/v1/token/sensu1',
        ],
        (_error, stdout) => resolve(stdout),
      );
    });
    assert.equal(post, '405');
  });

  test('the socket is gone when the agent stops', async () => {
    await agent.stop();
    assert.throws(() => statSync(socket), /ENOENT/);
    agent = await startAgent(home);
    assert.equal((await curlSocket(socket, '/v1/token/sensu1')).status, '200', 'and back with the next agent');
  });

  test('the /proc scan saw no token in any argv', () => {
    const { scans, hits } = scanner.stop();
    assert.ok(scans > 10);
    assert.deepEqual(hits, []);
  });
});
