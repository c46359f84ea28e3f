import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startFake, type Fake } from '../fakes/index';
import { cliPath, runCli, tempWalletHome } from '../helpers/cli-runner';

/**
 * The CLI on a real pseudo-terminal, driven as a person types: keys go through the terminal's line
 * discipline, so Ctrl-C is a SIGINT the kernel sends to the whole foreground process group.
 */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tw-person-tty-'));
const driver = path.join(scratch, 'drive.py');
// argv: WAIT_FOR KEYS(a JSON string) -- CMD...; prints {"screen", "code"}; kills the command if it outlives 20 s.
writeFileSync(
  driver,
  `import json, os, pty, select, signal, sys, time
sep = sys.argv.index('--')
wait_for, keys = sys.argv[1].encode(), json.loads(sys.argv[2]).encode('utf-8')
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[sep + 1], sys.argv[sep + 1:])
screen, sent, deadline = b'', False, time.time() + 20
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    if not sent and wait_for in screen:
        time.sleep(0.3)
        os.write(fd, keys)
        sent = True
if time.time() >= deadline:
    os.kill(pid, signal.SIGKILL)
_, status = os.waitpid(pid, 0)
print(json.dumps({'screen': screen.decode(errors='replace'), 'code': os.waitstatus_to_exitcode(status)}))
`,
);

/** No D-Bus: the encrypted file store, its passphrase in a file, so nothing but the keys typed is asked. */
const passphraseFile = path.join(scratch, 'passphrase');
writeFileSync(passphraseFile, 'correct horse battery staple\n', { mode: 0o600 });
const headless = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };

async function onTerminal(
  home: string,
  waitFor: string,
  keys: string,
  args: string[],
): Promise<{ screen: string; code: number }> {
  const { stdout } = await promisify(execFile)(
    'python3',
    [driver, waitFor, JSON.stringify(keys), '--', process.execPath, cliPath, ...args],
    {
      env: { ...process.env, ...headless, TOKEN_WALLET_HOME: home, TOKEN_WALLET_PASSPHRASE_FILE: passphraseFile },
      timeout: 30_000,
    },
  );
  return JSON.parse(stdout) as { screen: string; code: number };
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
    const result = await onTerminal(home, 'ready', '\x03', ['exec', 'v', '--', process.execPath, counter]);
    assert.match(result.screen, /total 1\r?\n/, result.screen);
    assert.doesNotMatch(result.screen, /SIGINT #2/, result.screen);
    assert.equal(result.code, 7, result.screen);
  });

  test("a command that dies of it: exec exits 130, the command's status, with no message of its own", async () => {
    const result = await onTerminal(home, 'ready', '\x03', [
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
    const result = await onTerminal(home, 'Password for', keys, add);
    assert.equal(result.code, 0, result.screen);
    assert.match(result.screen, /added v .*credentials accepted/, result.screen);
    assert.doesNotMatch(result.screen, /s3cret|typo/, 'nothing typed is echoed');
  });
});
