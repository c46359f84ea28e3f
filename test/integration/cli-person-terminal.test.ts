import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFake, type Fake } from '../fakes/index';
import { cliPath, runCli, tempWalletHome } from '../helpers/cli-runner';
import { onTerminal } from '../helpers/pty-run';

/**
 * The CLI on a real pseudo-terminal, driven as a person types: keys go through the terminal's line
 * discipline, so Ctrl-C is a SIGINT the kernel sends to the whole foreground process group.
 */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tw-person-tty-'));
/** No D-Bus: the encrypted file store, its passphrase in a file, so nothing but the keys typed is asked. */
const passphraseFile = path.join(scratch, 'passphrase');
writeFileSync(passphraseFile, 'correct horse battery staple\n', { mode: 0o600 });
const headless = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };

function onTerminalHeadless(
  home: string,
  waitFor: string,
  keys: string,
  args: string[],
): Promise<{ screen: string; code: number }> {
  return onTerminal(
    [process.execPath, cliPath, ...args],
    { waitFor, keys },
    {
      ...headless,
      TOKEN_WALLET_HOME: home,
      TOKEN_WALLET_PASSPHRASE_FILE: passphraseFile,
    },
  );
}

describe('Ctrl-C typed at the terminal during exec', () => {
  let vss: Fake;
  const home = tempWalletHome('tw-person-tty-');
  // Counts the SIGINTs it gets, like a tool whose second Ctrl-C means "abort now" (terraform, compose).
  const counter = path.join(scratch, 'count-sigint.js');
  writeFileSync(
    counter,
    `let count = 0;
process.on('SIGINT', () => { count += 1; console.log('SIGINT #' + count); });
console.log('ready');
setTimeout(() => { console.log('total ' + count); process.exit(count === 0 ? 9 : 7); }, 1500);
`,
  );

  before(async () => {
    vss = await startFake('vss');
    const add = await runCli(
      ['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice', '--password-stdin'],
      { home, input: 's3cret-Pa55\n', env: { ...headless, TOKEN_WALLET_PASSPHRASE_FILE: passphraseFile } },
    );
    assert.equal(add.code, 0, add.stderr);
  });
  after(async () => {
    await vss.close();
  });

  test('reaches the command once, not twice (the terminal already sent it; exec must not repeat it)', async () => {
    const result = await onTerminalHeadless(home, 'ready', '\x03', ['exec', 'v', '--', process.execPath, counter]);
    assert.match(result.screen, /total 1\r?\n/, result.screen);
    assert.doesNotMatch(result.screen, /SIGINT #2/, result.screen);
    assert.equal(result.code, 7, result.screen);
  });

  test("a command that dies of it: exec exits 130, the command's status, with no message of its own", async () => {
    const result = await onTerminalHeadless(home, 'ready', '\x03', [
      'exec',
      'v',
      '--',
      '/bin/sh',
      '-c',
      'echo ready; exec sleep 30',
    ]);
    assert.equal(result.code, 130, result.screen);
    assert.doesNotMatch(result.screen, /token-wallet:|\n\s+at /, result.screen);
  });
});

describe('editing keys at the password prompt', () => {
  let vss: Fake;
  const home = tempWalletHome('tw-person-tty-');
  before(async () => {
    vss = await startFake('vss');
  });
  after(async () => {
    await vss.close();
  });

  // As at sudo's or passwd's prompt: Ctrl-U clears what was typed, Backspace takes back one character
  // (an emoji included), and neither ends up in the password sent to the server.
  test('Ctrl-U starts over and Backspace erases a whole character: the server gets the password meant', async () => {
    const keys = 'typo\u0015x\u{1F600}\u007f\u007f' + 's3cret-Pa55\r';
    const add = ['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice'];
    const result = await onTerminalHeadless(home, 'Password for', keys, add);
    assert.equal(result.code, 0, result.screen);
    assert.match(result.screen, /added v .*credentials accepted/, result.screen);
    assert.doesNotMatch(result.screen, /s3cret|typo/, 'nothing typed is echoed');
  });
});
