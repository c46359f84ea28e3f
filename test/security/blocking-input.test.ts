import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { agentSocketPath } from '../../app/agent/agent-socket';
import { testTls } from '../fakes/fake-server';
import { tempWalletHome } from '../helpers/cli-runner';
import { runCliWithin } from './timed-cli';

/**
 * Finding 8: a --ca-file that is a FIFO or a device, or an agent socket that never answers, must end
 * the command with a clear error instead of blocking it (and the agent) forever.
 */
describe('nothing the wallet reads can block it forever', () => {
  const home = tempWalletHome('tw-sec-block-');
  const scratch = tempWalletHome('tw-sec-block-files-');
  const fifo = path.join(scratch, 'ca.fifo');
  execFileSync('mkfifo', [fifo]);
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const addWithCa = async (name: string, caFile: string) => {
    const args = [
      'add',
      name,
      '--provider',
      'vss',
      '--url',
      'https://127.0.0.1:1',
      '--username',
      'u',
      '--ca-file',
      caFile,
      '--password-stdin',
    ];
    const result = await runCliWithin([...args, '--no-verify'], home, 10_000, {}, 'pw\n');
    // Before `add` checked credentials with the server, it had no --no-verify.
    return result.code === 2 && /no-verify/.test(result.stderr) ? runCliWithin(args, home, 10_000, {}, 'pw\n') : result;
  };

  for (const [title, file, pattern] of [
    ['a FIFO', fifo, /not a regular file/],
    ['a character device', '/dev/zero', /not a regular file/],
  ] as const) {
    test(`--ca-file pointing at ${title} is refused at once (exit 2)`, async () => {
      const result = await addWithCa('dev', file);
      assert.equal(result.hung, false, 'the command must not block');
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, pattern);
    });
  }

  test('a CA file over 1 MiB is refused', async () => {
    const big = path.join(scratch, 'big.pem');
    writeFileSync(big, `-----BEGIN CERTIFICATE-----\n${'A'.repeat(1024 * 1024 + 10)}\n-----END CERTIFICATE-----\n`);
    const result = await addWithCa('big', big);
    assert.equal(result.hung, false);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /larger than 1 MiB/);
  });

  test('a CA file swapped for a FIFO after it was added makes `token` fail, not hang', async () => {
    const ca = path.join(scratch, 'swap.pem');
    writeFileSync(ca, testTls().ca);
    const added = await addWithCa('swap', ca);
    assert.equal(added.code, 0, added.stderr);
    rmSync(ca);
    execFileSync('mkfifo', [ca]);
    const result = await runCliWithin(['token', 'swap'], home, 15_000);
    assert.equal(result.hung, false, 'token must not block on a FIFO');
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /CA file/);
  });

  test('an agent socket that accepts but never answers ends the command within the time-out', async () => {
    const silentHome = tempWalletHome('tw-sec-silent-');
    const socketPath = agentSocketPath(silentHome);
    mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o700 });
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(socketPath, resolve));
    try {
      const result = await runCliWithin(['list'], silentHome, 20_000, { TOKEN_WALLET_AGENT_TIMEOUT_MS: '1500' });
      assert.equal(result.hung, false, 'the CLI must give up on a silent agent');
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /agent.*(did not answer|no answer)/);
      assert.ok(result.ms < 10_000, `ended after ${result.ms} ms`);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
