import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFake } from '../fakes/index';
import { cliPath, runCli, tempWalletHome } from '../helpers/cli-runner';
import { onTerminal } from '../helpers/pty-run';

test('without --password-stdin, add prompts on the terminal and does not echo the password', async () => {
  const fake = await startFake('vss');
  const home = tempWalletHome('tw-prompt-');
  try {
    // The terminal session runs in a child Python process, so this event loop stays free for the fake server.
    const result = await onTerminal(
      [process.execPath, cliPath, 'add', 'prompted', '--provider', 'vss', '--url', fake.url, '--username', 'alice'],
      { waitFor: 'Password for', keys: 's3cret-Pa55\r' },
      { TOKEN_WALLET_HOME: home },
    );
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
    const result = await onTerminal(
      [process.execPath, cliPath, 'add', 'cancelled', '--provider', 'vss', '--url', fake.url, '--username', 'alice'],
      { waitFor: 'Password for', keys: 'half-typed\u0003' },
      { TOKEN_WALLET_HOME: home },
    );
    assert.equal(result.code, 130, result.screen);
    assert.ok(!result.screen.includes('half-typed'), 'nothing typed was echoed');
    const listed = await runCli(['list', '--json'], { home });
    assert.deepEqual(JSON.parse(listed.stdout), [], 'no account saved');
    assert.equal(fake.stats.tokenRequests.length, 0, 'nothing sent to the server');
  } finally {
    await fake.close();
  }
});
