import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { runCli, tempWalletHome } from '../helpers/cli-runner';

/** `add NAME` of a VSS account, its password on stdin, without asking the (unreachable) server. */
const addUnverifiedVss = (name: string): string[] =>
  ['add', name, '--provider', 'vss', '--url', 'https://vss.example', '--username', 'u'].concat([
    '--password-stdin',
    '--no-verify',
  ]);

/**
 * Typos a person makes at the terminal: every command, not only the account ones, answers an
 * unknown option with one line naming the command and the option it probably meant, exit 2.
 * None of these needs a wallet: the parse fails before anything is opened.
 */
const home = tempWalletHome('tw-person-usage-');

describe('a mistyped option of any command gets a suggestion naming the command', () => {
  const cases: Array<[string[], string]> = [
    [['token', 'v', '--jsn'], 'unknown option "--jsn" for token; did you mean "--json"?'],
    [['curl', 'v', '--min-vaild', '1m'], 'unknown option "--min-vaild" for curl; did you mean "--min-valid"?'],
    [['header', '--min-vlid', '1m'], 'unknown option "--min-vlid" for header; did you mean "--min-valid"?'],
    [['exec', 'v', '--evn', 'X', '--', 'true'], 'unknown option "--evn" for exec; did you mean "--env"?'],
    [['api', 'v', '/x', '--methd', 'GET'], 'unknown option "--methd" for api; did you mean "--method"?'],
    [
      ['git-credential', '--usrname', 'a', 'get'],
      'unknown option "--usrname" for git-credential; did you mean "--username"?',
    ],
    [
      ['kube-config', 'v', '--sever', 'https://k'],
      'unknown option "--sever" for kube-config; did you mean "--server"?',
    ],
    [['api', 'v', '/x', '-x', 'GET'], 'unknown option "-x" for api; did you mean "-X"?'],
    [['dashboard', '--prot', '8080'], 'unknown option "--prot" for dashboard; did you mean "--port"?'],
    [
      ['store', '--passphrase-stdn'],
      'unknown option "--passphrase-stdn" for store; did you mean "--passphrase-stdin"?',
    ],
    [
      ['export', 'f', '--pasphrase-stdin'],
      'unknown option "--pasphrase-stdin" for export; did you mean "--passphrase-stdin"?',
    ],
    [['providers', '--jsn'], 'unknown option "--jsn" for providers'],
  ];
  for (const [args, message] of cases) {
    test(args.join(' '), async () => {
      const result = await runCli(args, { home });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr, `token-wallet: ${message}\n`);
      assert.equal(result.stdout, '');
    });
  }
});

describe('global flags', () => {
  const cases: Array<[string[], string]> = [
    [['--verison'], 'unknown command "--verison"; did you mean "--version"?'],
    [['--hepl'], 'unknown command "--hepl"; did you mean "--help"?'],
    [['version'], 'unknown command "version"; did you mean "--version"?'],
  ];
  for (const [args, message] of cases) {
    test(args.join(' '), async () => {
      const result = await runCli(args, { home });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr, `token-wallet: ${message}\n`);
    });
  }

  test('a stray argument names the command it was given to', async () => {
    const result = await runCli(['list', 'extra'], { home });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'token-wallet: unexpected argument "extra" for list; see token-wallet help list\n');
  });
});

describe('no keychain, no terminal, no passphrase file', () => {
  const headless = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };

  test('the error asks for the passphrase, not for the password already piped', async () => {
    const fresh = tempWalletHome('tw-person-usage-');
    const result = await runCli(addUnverifiedVss('v'), {
      home: fresh,
      input: 'pw\n',
      env: { ...headless, TOKEN_WALLET_PASSPHRASE_FILE: '' },
    });
    assert.equal(result.code, 2, result.stderr);
    const last = result.stderr.trimEnd().split('\n').at(-1) ?? '';
    assert.match(last, /no terminal to ask for the passphrase of .*secrets\.enc; set TOKEN_WALLET_PASSPHRASE_FILE/);
    assert.doesNotMatch(result.stderr, /--password-stdin/);
    const list = await runCli(['list', '--names'], { home: fresh, env: headless });
    assert.equal(list.stdout, '', 'nothing was saved');
  });
});

describe('an account named by the environment or a .token-wallet file that no longer exists', () => {
  const wallet = tempWalletHome('tw-person-usage-');
  const project = mkdtempSync(path.join(os.tmpdir(), 'tw-person-project-'));
  const nested = path.join(project, 'src', 'deep');
  mkdirSync(nested, { recursive: true });
  writeFileSync(path.join(project, '.token-wallet'), 'old-name\n');
  const env = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', TOKEN_WALLET_STORE: 'file' };

  // No keychain: the encrypted file, its passphrase in a file of its own (the test's secrets stay here).
  const passphraseFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tw-person-pass-')), 'passphrase');
  writeFileSync(passphraseFile, 'a passphrase\n', { mode: 0o600 });

  before(async () => {
    const add = await runCli(addUnverifiedVss('new-name'), {
      home: wallet,
      input: 'pw\n',
      env: { ...env, TOKEN_WALLET_PASSPHRASE_FILE: passphraseFile },
    });
    assert.equal(add.code, 0, add.stderr);
  });

  test('the error says the name came from the .token-wallet file, and which one', async () => {
    const result = await runCli(['token'], { home: wallet, cwd: nested, env });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(
      result.stderr,
      `token-wallet: no account named "old-name"; see token-wallet list ` +
        `(the name is from ${path.join(project, '.token-wallet')})\n`,
    );
    assert.equal(result.stdout, '');
  });

  test('the error says the name came from TOKEN_WALLET_ACCOUNT', async () => {
    const result = await runCli(['header'], { home: wallet, env: { ...env, TOKEN_WALLET_ACCOUNT: 'new-nam' } });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(
      result.stderr,
      'token-wallet: no account "new-nam"; did you mean "new-name"? (the name is from TOKEN_WALLET_ACCOUNT)\n',
    );
  });

  test('edit with nothing to change says so, instead of "updated"', async () => {
    const result = await runCli(['edit', 'new-name'], { home: wallet, env });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'token-wallet: edit new-name: nothing to change; e.g. --password or --url URL (see token-wallet help edit)\n',
    );
  });

  test('a name typed on the command line needs no such note', async () => {
    const result = await runCli(['token', 'old-name'], { home: wallet, cwd: nested, env });
    assert.equal(result.stderr, 'token-wallet: no account named "old-name"; see token-wallet list\n');
  });
});
