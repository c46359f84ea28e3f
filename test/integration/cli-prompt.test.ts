import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { test } from 'node:test';
import { startFake } from '../fakes/index';
import { cliPath, projectRoot, runCli, tempWalletHome } from '../helpers/cli-runner';

test('without --password-stdin, add prompts on the terminal and does not echo the password', async () => {
  const fake = await startFake('vss');
  const home = tempWalletHome('tw-prompt-');
  try {
    // The terminal session runs in a child Python process, so this event loop stays free for the fake server.
    const { stdout } = await promisify(execFile)(
      'python3',
      [
        path.join(projectRoot, 'test', 'helpers', 'pty-run.py'),
        process.execPath,
        cliPath,
        'add',
        'prompted',
        '--provider',
        'vss',
        '--url',
        fake.url,
        '--username',
        'alice',
      ],
      { env: { ...process.env, TOKEN_WALLET_HOME: home, TW_PTY_ANSWER: 's3cret-Pa55' } },
    );
    const result = JSON.parse(stdout) as { screen: string; code: number };
    assert.equal(result.code, 0, result.screen);
    assert.match(result.screen, /Password for alice@/);
    assert.ok(!result.screen.includes('s3cret-Pa55'), 'the password was echoed');
    assert.match(result.screen, /added prompted/);
    const token = await runCli(['token', 'prompted'], { home });
    assert.equal(token.code, 0, token.stderr);
    assert.ok(fake.isValid(token.stdout.trim()), 'the prompted password is the one stored');
  } finally {
    await runCli(['remove', 'prompted'], { home });
    await fake.close();
  }
});

test('Ctrl-C at the password prompt exits 130 and saves nothing', async () => {
  const fake = await startFake('vss');
  const home = tempWalletHome('tw-prompt-');
  try {
    const { stdout } = await promisify(execFile)(
      'python3',
      [
        path.join(projectRoot, 'test', 'helpers', 'pty-run.py'),
        process.execPath,
        cliPath,
        'add',
        'cancelled',
        '--provider',
        'vss',
        '--url',
        fake.url,
        '--username',
        'alice',
      ],
      { env: { ...process.env, TOKEN_WALLET_HOME: home, TW_PTY_ANSWER: 'half-typed\u0003' } },
    );
    const result = JSON.parse(stdout) as { screen: string; code: number };
    assert.equal(result.code, 130, result.screen);
    assert.ok(!result.screen.includes('half-typed'), 'nothing typed was echoed');
    const listed = await runCli(['list', '--json'], { home });
    assert.deepEqual(JSON.parse(listed.stdout), [], 'no account saved');
    assert.equal(fake.stats.tokenRequests.length, 0, 'nothing sent to the server');
  } finally {
    await fake.close();
  }
});
