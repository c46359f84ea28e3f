import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import { agentSocketPath } from '../../app/agent/agent-socket';
import { tempWalletHome } from '../helpers/cli-runner';
import { runCliWithin } from './timed-cli';

/**
 * Finding 4: the agent's socket directory (the home, $XDG_RUNTIME_DIR, or the /tmp fallback) is
 * checked before use: a symlink, another owner or group/other access is refused, with no socket
 * made and no connection tried. The tests run as root, so "another user" is uid 65534.
 */
const uid = process.getuid?.() ?? 0;
const longName = 'h'.repeat(110);

/** A scratch TMPDIR (so the fallback is <scratch>/token-wallet-<uid>) and a home too long for a socket inside it. */
function longHomeSetup(): { tmp: string; home: string; fallback: string; env: Record<string, string> } {
  const tmp = tempWalletHome('tw-sec-sock-');
  const home = path.join(tmp, longName);
  mkdirSync(home, { mode: 0o700 });
  return { tmp, home, fallback: path.join(tmp, `token-wallet-${uid}`), env: { TMPDIR: tmp, XDG_RUNTIME_DIR: '' } };
}

describe('socket directories are checked before use', () => {
  test('$XDG_RUNTIME_DIR is used first for a home too long to hold the socket', async () => {
    const { tmp, home, env } = longHomeSetup();
    const runtime = path.join(tmp, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    const socketPath = agentSocketPath(home, 'linux', { ...env, XDG_RUNTIME_DIR: runtime });
    assert.ok(socketPath.startsWith(runtime + path.sep), socketPath);
    const started = await runCliWithin(['agent'], home, 3_000, { ...env, XDG_RUNTIME_DIR: runtime });
    assert.match(started.stderr, /agent running/);
    assert.equal(existsSync(path.join(tmp, `token-wallet-${uid}`)), false, 'no /tmp fallback made');
  });

  test('the fallback directory is created 0700', async () => {
    const { home, fallback, env } = longHomeSetup();
    const started = await runCliWithin(['agent'], home, 3_000, env);
    assert.match(started.stderr, /agent running/);
    assert.equal(lstatSync(fallback).mode & 0o777, 0o700);
  });

  const hostile: Array<[string, (fallback: string, tmp: string) => void, RegExp]> = [
    [
      'a symlink to a directory an attacker controls',
      (fallback, tmp) => {
        const elsewhere = path.join(tmp, 'attacker');
        mkdirSync(elsewhere, { mode: 0o700 });
        symlinkSync(elsewhere, fallback);
      },
      /symbolic link/,
    ],
    [
      'owned by another user',
      (fallback) => {
        mkdirSync(fallback, { mode: 0o700 });
        chownSync(fallback, 65534, 65534);
      },
      /owned by uid 65534/,
    ],
    [
      'writable by group and others',
      (fallback) => {
        mkdirSync(fallback);
        chmodSync(fallback, 0o777);
      },
      /accessible by group or others/,
    ],
  ];
  for (const [title, prepare, pattern] of hostile) {
    test(`a fallback dir that is ${title}: the agent refuses, makes no socket; the CLI does not connect`, async () => {
      const { tmp, home, fallback, env } = longHomeSetup();
      prepare(fallback, tmp);
      const agent = await runCliWithin(['agent'], home, 5_000, env);
      assert.equal(agent.hung, false, `the agent must refuse, not run: ${agent.stderr}`);
      assert.equal(agent.code, 1, agent.stderr);
      assert.match(agent.stderr, pattern);
      assert.equal(agent.stderr.trimEnd().split('\n').length, 1, 'one line');
      const target = lstatSync(fallback).isSymbolicLink() ? path.join(tmp, 'attacker') : fallback;
      assert.deepEqual(readdirSync(target), [], 'no socket made');
      const client = await runCliWithin(['list'], home, 5_000, env);
      assert.equal(client.code, 1, client.stderr);
      assert.match(client.stderr, pattern);
    });
  }

  test('a group-readable wallet home holds no socket; a socket owned by another user is not connected to', async () => {
    const home = tempWalletHome('tw-sec-home-');
    chmodSync(home, 0o755);
    const agent = await runCliWithin(['agent'], home, 5_000);
    assert.equal(agent.hung, false, `the agent must refuse: ${agent.stderr}`);
    assert.equal(agent.code, 1);
    assert.match(agent.stderr, /accessible by group or others/);
    assert.equal(existsSync(path.join(home, 'agent.sock')), false);

    chmodSync(home, 0o700);
    const socketPath = path.join(home, 'agent.sock');
    let connections = 0;
    const impostor = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => impostor.listen(socketPath, resolve));
    chownSync(socketPath, 65534, 65534);
    try {
      const client = await runCliWithin(['list'], home, 5_000);
      assert.equal(client.code, 1, client.stderr);
      assert.match(client.stderr, /owned by uid 65534/);
      assert.equal(connections, 0, 'no connection to a socket of another user');
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });
});
