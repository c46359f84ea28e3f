import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { cliPath, runCli, tempWalletHome } from '../helpers/cli-runner';

/** The CLI explains itself: per-command help, suggestions for typos, shell completion. */
const home = tempWalletHome('tw-help-');
const commands = [
  'add',
  'edit',
  'list',
  'show',
  'providers',
  'renew',
  'test',
  'login',
  'logout',
  'remove',
  'agent',
  'completion',
];

before(async () => {
  for (const name of ['vss', 'veeam']) {
    const added = await runCli(
      [
        'add',
        name,
        '--provider',
        'vss',
        '--url',
        'https://127.0.0.1:1',
        '--username',
        'alice',
        '--no-verify',
        '--password-stdin',
      ],
      { home, input: 'pw\n' },
    );
    assert.equal(added.code, 0, added.stderr);
  }
});
after(async () => {
  for (const name of ['vss', 'veeam']) await runCli(['remove', name], { home });
});

describe('help for one command', () => {
  for (const command of commands) {
    test(`help ${command}, ${command} --help and ${command} -h print its usage, options and an example`, async () => {
      const outputs = await Promise.all(
        [
          ['help', command],
          [command, '--help'],
          [command, '-h'],
        ].map((args) => runCli(args, { home })),
      );
      for (const result of outputs) {
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, new RegExp(`^Usage: token-wallet ${command}\\b`));
        assert.match(result.stdout, /\nExample:\n  token-wallet /);
        assert.equal(result.stdout, outputs[0]?.stdout);
      }
    });
  }

  test('options are listed with their help', async () => {
    const result = await runCli(['edit', '--help'], { home });
    assert.match(result.stdout, /--password-stdin\s+\S/);
    assert.match(result.stdout, /--url URL\s+\S/);
  });

  test('the global help lists every command, generated from the same table', async () => {
    const result = await runCli(['help'], { home });
    assert.equal(result.code, 0);
    for (const command of [...commands, 'token', 'dashboard'])
      assert.match(result.stdout, new RegExp(`\\n  ${command}\\b`), command);
  });

  test('help for an unknown command suggests the near one', async () => {
    const result = await runCli(['help', 'lsit'], { home });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command "lsit"; did you mean "list"\?/);
  });
});

describe('suggestions', () => {
  const cases: Array<[string[], RegExp]> = [
    [['lst'], /^token-wallet: unknown command "lst"; did you mean "list"\?\n$/],
    [['list', '--jsn'], /^token-wallet: unknown option "--jsn" for list; did you mean "--json"\?\n$/],
    [['renew', 'vs'], /^token-wallet: no account "vs"; did you mean "vss"\?\n$/],
    [['show', 'veam'], /no account "veam"; did you mean "veeam"\?/],
  ];
  for (const [args, pattern] of cases) {
    test(args.join(' '), async () => {
      const result = await runCli(args, { home });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, pattern);
    });
  }

  test('nothing close: no suggestion, still exit 2', async () => {
    const result = await runCli(['xyzzyplugh'], { home });
    assert.equal(result.code, 2);
    assert.doesNotMatch(result.stderr, /did you mean/);
  });
});

describe('completion', () => {
  // The completion script calls token-wallet back for account names, so put it on the PATH.
  const bin = mkdtempSync(path.join(os.tmpdir(), 'tw-bin-'));
  writeFileSync(path.join(bin, 'token-wallet'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(path.join(bin, 'token-wallet'), 0o755);

  async function complete(words: string[]): Promise<string[]> {
    const script = (await runCli(['completion', 'bash'], { home })).stdout;
    const file = path.join(bin, 'completion.bash');
    writeFileSync(file, script);
    const program =
      `source ${file}; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); ` +
      `COMP_CWORD=${words.length - 1}; COMP_LINE="${words.join(' ')}"; COMP_POINT=\${#COMP_LINE}; _token_wallet; ` +
      `printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await promisify(execFile)('bash', ['-c', program], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, TOKEN_WALLET_HOME: home },
    });
    return stdout.split('\n').filter((line) => line !== '');
  }

  test("bash completes commands, options, providers and the wallet's account names", async () => {
    assert.deepEqual(await complete(['token-wallet', 'lo']), ['login', 'logout']);
    assert.ok((await complete(['token-wallet', 'list', '--'])).includes('--json'));
    assert.deepEqual(await complete(['token-wallet', 'add', 'x', '--provider', 've']), ['veeam-vao']);
    assert.deepEqual((await complete(['token-wallet', 'renew', ''])).sort(), ['veeam', 'vss']);
    assert.deepEqual(await complete(['token-wallet', 'show', 'vs']), ['vss']);
  });

  test('zsh and fish scripts name every command; an unknown shell is a usage error', async () => {
    for (const shell of ['zsh', 'fish']) {
      const result = await runCli(['completion', shell], { home });
      assert.equal(result.code, 0, result.stderr);
      for (const command of commands) assert.ok(result.stdout.includes(command), `${shell}: ${command}`);
      assert.match(result.stdout, /token-wallet list --names/);
    }
    const bad = await runCli(['completion', 'tcsh'], { home });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bash, zsh or fish/);
  });

  test('list --names prints one account name a line', async () => {
    const result = await runCli(['list', '--names'], { home });
    assert.equal(result.stdout, 'veeam\nvss\n');
  });
});
