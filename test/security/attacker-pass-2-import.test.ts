import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sealArchive, type WalletArchive } from '../../app/secrets/wallet-archive';
import type { AccountRecord } from '../../app/model';
import { cliPath, runCli, tempWalletHome } from '../helpers/cli-runner';
import { addVssAccount, controlCharacter, json, startHostileServer, type HostileServer } from './hostile-server';

/**
 * Attacker pass 2: `token-wallet import FILE` where FILE came from someone else, or is an old export of this very
 * wallet. Its accounts, item names and recipe names are the file's words: the wallet used an account's id as a file
 * name (state/<id>.json) and as the prefix of its keychain items, took any name and URL, wrote every secret the file
 * held (another account's password included), and overwrote installed recipes.
 */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tw-sec2-import-'));
const passFile = path.join(scratch, 'pass');
writeFileSync(passFile, 'home passphrase\n', { mode: 0o600 });
const env = {
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
  DISPLAY: '',
  TOKEN_WALLET_PASSPHRASE_FILE: passFile,
};
const cheap = { name: 'scrypt', N: 2 ** 10, r: 8, p: 1 } as const;
const exportPass = 'export pass';

let server: HostileServer;
before(async () => {
  server = await startHostileServer((_request, response) => json(response, 200, { token: 'tok-1', duration: 300 }));
});
after(() => server.close());

function account(overrides: Partial<AccountRecord>): AccountRecord {
  return {
    id: '7d0c6f2e-5b8a-4d3e-9f61-2a4b6c8d0e1f',
    name: 'imported',
    provider: 'vss',
    url: server.url,
    username: 'mallory',
    options: {},
    createdAt: new Date().toISOString(),
    ...overrides,
  } as AccountRecord;
}

async function archiveFile(archive: Partial<WalletArchive>): Promise<string> {
  const file = path.join(mkdtempSync(path.join(scratch, 'a-')), 'wallet.twx');
  const whole: WalletArchive = { accounts: [], secrets: {}, recipes: {}, ...archive };
  writeFileSync(file, await sealArchive(whole, exportPass, cheap));
  return file;
}

const runImport = (home: string, file: string) =>
  runCli(['import', file, '--passphrase-stdin'], { home, env, input: `${exportPass}\n` });

async function walletWithAccount(): Promise<{ home: string; id: string }> {
  const home = tempWalletHome('tw-sec2-imp-');
  const added = await addVssAccount(home, 'prod', server.url, 'the-real-pw', env);
  assert.equal(added.code, 0, added.stderr);
  const config = JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')) as { accounts: AccountRecord[] };
  return { home, id: config.accounts[0]?.id ?? '' };
}

function assertRefused(result: { code: number; stderr: string }, pattern: RegExp): void {
  assert.notEqual(result.code, 0, 'the import must be refused');
  assert.match(result.stderr, pattern);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.doesNotMatch(result.stderr.trimEnd(), controlCharacter);
}

function accountNames(home: string): string[] {
  const config = JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')) as { accounts: AccountRecord[] };
  return config.accounts.map((entry) => entry.name);
}

describe('an import from a hostile or stale export', () => {
  test('an account id with "../" is refused: nothing is written outside the home', async () => {
    const { home } = await walletWithAccount();
    const escape = `tw-sec2-escaped-${process.pid}`;
    const id = `../../${escape}`;
    const file = await archiveFile({ accounts: [account({ id })], secrets: { [`${id}:password`]: 'pw' } });
    const result = await runImport(home, file);
    // Had it been imported, its first token would write state/<id>.json, two levels above the home's state folder.
    if (result.code === 0) await runCli(['token', 'imported'], { home, env });
    assert.equal(existsSync(path.join(path.dirname(home), `${escape}.json`)), false, 'a file outside the home');
    assertRefused(result, /malformed account|unsafe/);
    assert.deepEqual(accountNames(home), ['prod']);
  });

  for (const [label, name] of [
    ['a terminal escape', '\u001b]0;pwned\u0007evil'],
    ['a path', '../prod'],
    ['an empty name', ''],
  ] as const) {
    test(`an account name with ${label} is refused`, async () => {
      const { home } = await walletWithAccount();
      const result = await runImport(home, await archiveFile({ accounts: [account({ name })] }));
      assertRefused(result, /malformed account|account name/);
      assert.deepEqual(accountNames(home), ['prod']);
    });
  }

  test('an account URL that is not a web URL is refused', async () => {
    const { home } = await walletWithAccount();
    const result = await runImport(home, await archiveFile({ accounts: [account({ url: 'file:///etc/passwd' })] }));
    assertRefused(result, /malformed account|URL/);
    assert.deepEqual(accountNames(home), ['prod']);
  });

  test('the id of an account the wallet has (a replayed export, the account renamed since) is refused', async () => {
    const { home, id } = await walletWithAccount();
    const file = await archiveFile({
      accounts: [account({ id, name: 'old-name' })],
      secrets: { [`${id}:password`]: 'stale' },
    });
    const result = await runImport(home, file);
    assertRefused(result, /already has/);
    assert.deepEqual(accountNames(home), ['prod']);
    await assertPasswordSent(home, 'the-real-pw');
  });

  test("a secret for an account the file does not carry (this wallet's) is not written", async () => {
    const { home, id } = await walletWithAccount();
    const file = await archiveFile({ accounts: [account({})], secrets: { [`${id}:password`]: 'planted' } });
    const result = await runImport(home, file);
    assertRefused(result, /secret .*no account/);
    assert.deepEqual(accountNames(home), ['prod']);
    await assertPasswordSent(home, 'the-real-pw');
  });

  test('a recipe replacing an installed one, or not a recipe, is refused before anything is imported', async () => {
    const { home } = await walletWithAccount();
    const mine =
      'name: mine\ntitle: Mine\nlogin: { path: /login, auth: basic }\ntoken: { path: /t, lifetime: 60 }\n' +
      'use: { header: "Authorization: Bearer {{token}}" }\n';
    const installed = path.join(scratch, 'mine.yaml');
    writeFileSync(installed, mine);
    assert.equal((await runCli(['providers', 'add', installed], { home, env })).code, 0);
    const before = readdirSync(path.join(home, 'providers'));
    const theirs = mine.replace('/login', '/elsewhere');
    for (const recipes of <Array<Record<string, string>>>[
      { [before[0] ?? 'mine.yaml']: theirs },
      { 'junk.yaml': 'not: [a recipe' },
      { '..': theirs },
    ]) {
      const result = await runImport(home, await archiveFile({ accounts: [account({})], recipes }));
      assertRefused(result, /recipe/);
      assert.deepEqual(accountNames(home), ['prod'], 'no account imported');
      assert.equal(readFileSync(path.join(home, 'providers', before[0] ?? ''), 'utf8'), mine);
    }
  });

  for (const [label, kdf] of [
    ['4 GiB of memory (r = 32)', { N: 2 ** 20, r: 32, p: 1 }],
    ['16 times the work (p = 16)', { N: 2 ** 20, r: 8, p: 16 }],
  ] as const) {
    test(`a tampered key derivation asking for ${label} is refused at once`, () => {
      const file = path.join(mkdtempSync(path.join(scratch, 'k-')), 'wallet.twx');
      const envelope = { format: 'token-wallet-secrets', version: 1, purpose: 'export', check: 'AAAA' };
      const kdfText = { name: 'scrypt', ...kdf, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' };
      writeFileSync(
        file,
        JSON.stringify({ ...envelope, kdf: kdfText, nonce: 'AAAA', ciphertext: 'AAAA', tag: 'AAAA' }),
      );
      const started = Date.now();
      // Killed after 8 s: the code as it was spent about a minute (and a GiB or four) deriving the key.
      const result = spawnSync(process.execPath, [cliPath, 'import', file, '--passphrase-stdin'], {
        env: { ...process.env, ...env, TOKEN_WALLET_HOME: tempWalletHome('tw-sec2-kdf-') },
        input: `${exportPass}\n`,
        encoding: 'utf8',
        timeout: 8000,
      });
      assert.equal(result.signal, null, `still deriving after ${Date.now() - started} ms`);
      assertRefused({ code: result.status ?? 0, stderr: result.stderr }, /not a token-wallet export/);
    });
  }

  test('a genuine export of another wallet still imports, secrets and all', async () => {
    const { home } = await walletWithAccount();
    const fresh = account({});
    const file = await archiveFile({ accounts: [fresh], secrets: { [`${fresh.id}:password`]: 'their-pw' } });
    const result = await runImport(home, file);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(accountNames(home), ['prod', 'imported']);
    const token = await runCli(['token', 'imported'], { home, env });
    assert.equal(token.code, 0, token.stderr);
    assert.equal(basicPassword(server.requests.at(-1)?.headers.authorization), 'their-pw');
  });
});

function basicPassword(header: string | undefined): string {
  return Buffer.from((header ?? '').replace(/^Basic /, ''), 'base64')
    .toString('utf8')
    .split(':')
    .slice(1)
    .join(':');
}

async function assertPasswordSent(home: string, password: string): Promise<void> {
  const token = await runCli(['token', 'prod'], { home, env });
  assert.equal(token.code, 0, token.stderr);
  assert.equal(basicPassword(server.requests.at(-1)?.headers.authorization), password);
}
