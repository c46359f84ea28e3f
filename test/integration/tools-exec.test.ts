import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFake, type Fake } from '../fakes/index';
import { startArgvScanner } from '../helpers/argv-recorder';
import { cliPath, runCli, tempWalletHome } from '../helpers/cli-runner';
import { addAccount, issuedSecrets } from '../helpers/tools-setup';

/** A child that reads the token file every second and calls the API with what it read; one JSON line per read. */
const reader =
  `
const fs = require('node:fs');
const http = require('node:http');
const file = process.env.TOKEN_WALLET_TOKEN_FILE;
const st = fs.statSync(file), dir = fs.statSync(require('node:path').dirname(file));
console.log(JSON.stringify({ mode: (st.mode & 0o777).toString(8), dirMode: (dir.mode & 0o777).toString(8), file, ` +
  `account: process.env.TOKEN_WALLET_ACCOUNT, expiresAt: process.env.TOKEN_WALLET_EXPIRES_AT }));
let left = Number(process.argv[1]);
const tick = () => {
  const token = fs.readFileSync(file, 'utf8');
  const readAt = Date.now();
  http.get(process.argv[2] + '/api/core/v2/namespaces', { headers: { Authorization: 'Bearer ' + token } }, (res) => {
    res.resume();
    console.log(JSON.stringify({ at: readAt, status: res.statusCode, token }));
    if (--left > 0) setTimeout(tick, 1000); else process.exit(0);
  });
};
tick();
`;

function runExec(
  home: string,
  args: string[],
): { child: ReturnType<typeof spawn>; output(): string; done: Promise<number> } {
  const child = spawn(process.execPath, [cliPath, 'exec', ...args], {
    env: { ...process.env, TOKEN_WALLET_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { child, output: () => output, done };
}

async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('token-wallet exec', () => {
  let sensu: Fake;
  const home = tempWalletHome('tw-exec-');
  let scanner: ReturnType<typeof startArgvScanner>;

  before(async () => {
    sensu = await startFake('sensu', { lifetimeSec: 4 });
    scanner = startArgvScanner(() => issuedSecrets(sensu));
    await addAccount(home, 'sensu1', 'sensu', sensu.url);
  });
  after(async () => {
    scanner.stop();
    await sensu.close();
  });

  test('a child over three lifetimes never reads an expired token; the 0600 file (0700 dir) is then gone', async () => {
    const run = runExec(home, ['sensu1', '--token-file', '--', process.execPath, '-e', reader, '14', sensu.url]);
    const code = await run.done;
    assert.equal(code, 0, run.output());
    const lines = run
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string | number>);
    const [info, ...reads] = lines;
    assert.ok(info);
    assert.equal(info.mode, '600');
    assert.equal(info.dirMode, '700');
    assert.equal(info.account, 'sensu1');
    assert.match(String(info.expiresAt), /Z$/);
    assert.equal(reads.length, 14);
    for (const read of reads) {
      const issued = sensu.state.tokens.get(String(read.token));
      assert.ok(issued, 'a token the API issued');
      assert.ok(issued.expiresAt > Number(read.at), `read at ${read.at} a token that expired at ${issued.expiresAt}`);
      // Sensu revokes the old access token when it refreshes: a read just before the file is replaced may
      // reach the API just after. That token was not expired; anything else must be a 200.
      if (read.status !== 200)
        assert.ok(issued.revoked && read.status === 401, `read at ${read.at} got ${read.status}`);
    }
    assert.ok(reads.filter((read) => read.status === 200).length >= reads.length - 2, 'at most a rotation race or two');
    const distinct = new Set(reads.map((read) => read.token));
    assert.ok(distinct.size >= 3, `the file was renewed (${distinct.size} tokens over ${reads.length} s)`);
    assert.ok(!existsSync(String(info.file)), 'the token file is deleted');
    assert.ok(!existsSync(path.dirname(String(info.file))), 'its directory too');
  });

  test("the token goes in --env variables instead of TOKEN_WALLET_TOKEN; exit status is the command's", async () => {
    const script =
      'const e=process.env; console.log(JSON.stringify({same: e.GH_TOKEN===e.GITHUB_TOKEN && e.GH_TOKEN.length>8, ' +
      "plain: 'TOKEN_WALLET_TOKEN' in e, file: 'TOKEN_WALLET_TOKEN_FILE' in e})); process.exit(42)";
    const run = runExec(home, [
      'sensu1',
      '--env',
      'GITHUB_TOKEN',
      '--env',
      'GH_TOKEN',
      '--',
      process.execPath,
      '-e',
      script,
    ]);
    assert.equal(await run.done, 42);
    assert.deepEqual(JSON.parse(run.output()), { same: true, plain: false, file: false });
    const plain = runExec(home, [
      'sensu1',
      '--',
      '/bin/sh',
      '-c',
      'test -n "$TOKEN_WALLET_TOKEN" && test -n "$TOKEN_WALLET_EXPIRES_AT"',
    ]);
    assert.equal(await plain.done, 0, plain.output());
  });

  test('127 when the command is missing, 126 when it is not executable, 2 without --', async () => {
    const missing = await runCli(['exec', 'sensu1', '--', '/nonexistent/tool'], { home });
    assert.equal(missing.code, 127);
    assert.equal(missing.stderr, 'token-wallet: exec: /nonexistent/tool: command not found\n');
    const notExecutable = await runCli(['exec', 'sensu1', '--', path.join(os.tmpdir())], { home });
    assert.equal(notExecutable.code, 126, notExecutable.stderr);
    assert.match(notExecutable.stderr, /not executable/);
    const noSeparator = await runCli(['exec', 'sensu1', 'ls'], { home });
    assert.equal(noSeparator.code, 2);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
    test(`${signal} reaches the child: it handles it, or dies of it (128+n)`, async () => {
      const handles =
        `process.on('${signal}', () => { console.log('child got ${signal}'); process.exit(3); }); ` +
        `console.log('ready'); setInterval(() => {}, 1000);`;
      const handled = runExec(home, ['sensu1', '--token-file', '--', process.execPath, '-e', handles]);
      await waitFor(() => handled.output().includes('ready'), 'the child');
      handled.child.kill(signal);
      assert.equal(await handled.done, 3, handled.output());
      assert.match(handled.output(), new RegExp(`child got ${signal}`));
      const dies = runExec(home, ['sensu1', '--', '/bin/sh', '-c', 'echo ready; exec sleep 30']);
      await waitFor(() => dies.output().includes('ready'), 'the child');
      dies.child.kill(signal);
      assert.equal(await dies.done, 128 + (os.constants.signals[signal] ?? 0), dies.output());
    });
  }

  test('a signal sent while the command is still starting reaches it as well (no orphan)', async () => {
    // The command signals token-wallet the moment it runs, while spawn() may still be returning.
    for (let attempt = 0; attempt < 5; attempt++) {
      const early = runExec(home, ['sensu1', '--', '/bin/sh', '-c', 'kill -TERM $PPID; exec sleep 30']);
      const started = Date.now();
      assert.equal(await early.done, 143, early.output());
      assert.ok(Date.now() - started < 10_000, 'the command was left running');
    }
  });

  test('the /proc scan saw no token in any argv while exec ran', () => {
    const { scans, hits } = scanner.stop();
    assert.ok(scans > 10, `only ${scans} scans`);
    assert.deepEqual(hits, []);
  });
});
