import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { startFake } from '../fakes/index';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { startDashboard } from '../helpers/dashboard-process';

/** No D-Bus session and no X display: as on a server, in a container or in WSL. */
const headless = (passphraseFile: string): Record<string, string> => ({
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
  DISPLAY: '',
  TOKEN_WALLET_PASSPHRASE_FILE: passphraseFile,
});
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tw-headless-'));
const passFile = path.join(scratch, 'pass');
const wrongFile = path.join(scratch, 'wrong');
writeFileSync(passFile, 'correct horse battery staple\n', { mode: 0o600 });
writeFileSync(wrongFile, 'not it\n', { mode: 0o600 });

// A fresh VSS per test: it rate-limits token requests, and each test logs in several times.
let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;
beforeEach(async () => {
  vss = await startFake('vss');
});
afterEach(async () => {
  await vss.close();
});

test('without a keychain the wallet says so, uses the encrypted file, keeps accounts across processes', async () => {
  const home = tempWalletHome('tw-headless-');
  const env = headless(passFile);
  const add = await runCli(
    ['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice', '--password-stdin'],
    { home, env, input: 's3cret-Pa55\n' },
  );
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stderr, /no OS keychain answers here, so secrets go to an encrypted file/);
  const token = await runCli(['token', 'v'], { home, env });
  assert.equal(token.code, 0, token.stderr);
  assert.ok(vss.isValid(token.stdout.trim()));
  // A second process reads the same session from the file: no second login.
  const logins = vss.stats.tokenRequests;
  assert.equal((await runCli(['token', 'v'], { home, env })).stdout, token.stdout);
  assert.equal(vss.stats.tokenRequests, logins);
  // No secret in any file of the home in plain text; the secrets file is owner-only.
  for (const name of readdirSync(home, { recursive: true }) as string[]) {
    const file = path.join(home, name);
    if (!statSync(file).isFile()) continue;
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes('s3cret-Pa55') && !text.includes(token.stdout.trim()), `${name} holds a secret`);
  }
  assert.equal(statSync(path.join(home, 'secrets.enc')).mode & 0o777, 0o600);
  assert.match((await runCli(['store'], { home, env })).stdout, /encrypted file/);
  // list and show say it too, in the same words as store.
  const where = `secrets: an encrypted file, ${path.join(home, 'secrets.enc')} (passphrase)`;
  assert.ok((await runCli(['list'], { home, env })).stdout.endsWith(`\n\n${where}\n`));
  assert.match((await runCli(['show', 'v'], { home, env })).stdout, /^secrets +an encrypted file, .*secrets\.enc/m);
});

test('a wrong passphrase exits 3 with one line and changes nothing', async () => {
  const home = tempWalletHome('tw-headless-');
  await runCli(['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice', '--password-stdin'], {
    home,
    env: headless(passFile),
    input: 's3cret-Pa55\n',
  });
  const before = readFileSync(path.join(home, 'secrets.enc'), 'utf8');
  const result = await runCli(['token', 'v'], { home, env: headless(wrongFile) });
  assert.equal(result.code, 3);
  assert.match(result.stderr, /^token-wallet: .*wrong passphrase/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  assert.equal(readFileSync(path.join(home, 'secrets.enc'), 'utf8'), before);
  // Commands that need no secret work without the passphrase.
  assert.equal((await runCli(['list'], { home, env: headless(wrongFile) })).code, 0);
  // edit with the wrong passphrase: the same, the account as it was.
  const edit = await runCli(['edit', 'v', '--username', 'bob'], { home, env: headless(wrongFile) });
  assert.equal(edit.code, 3, edit.stderr);
  assert.match((await runCli(['show', 'v'], { home, env: headless(passFile) })).stdout, /^username +alice$/m);
  // remove with the wrong passphrase: one line, and nothing gone (the account and its secrets both stay).
  const refused = await runCli(['remove', 'v'], { home, env: headless(wrongFile) });
  assert.equal(refused.code, 3, refused.stderr);
  assert.match(refused.stderr, /^token-wallet: .*wrong passphrase[^\n]*\n$/);
  assert.match((await runCli(['list'], { home, env: headless(passFile) })).stdout, /^v +vss /m);
  assert.equal((await runCli(['token', 'v'], { home, env: headless(passFile) })).code, 0);
  // A damaged store.json costs list its line about the secrets, not the listing.
  writeFileSync(path.join(home, 'store.json'), '{"store": "floppy"}\n');
  const listed = await runCli(['list'], { home, env: headless(wrongFile) });
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /^v +vss /m);
  assert.match(listed.stdout, /\n\nsecrets: unknown \(.*store\.json is damaged.*\)\n$/);
});

test('export and import move a wallet, secrets included, to another home', async () => {
  const home = tempWalletHome('tw-export-');
  const env = headless(passFile);
  await runCli(['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice', '--password-stdin'], {
    home,
    env,
    input: 's3cret-Pa55\n',
  });
  const archive = path.join(scratch, 'wallet.twx');
  const exported = await runCli(['export', archive, '--passphrase-stdin'], { home, env, input: 'export pass\n' });
  assert.equal(exported.code, 0, exported.stderr);
  assert.ok(!readFileSync(archive, 'utf8').includes('s3cret-Pa55'));
  const other = tempWalletHome('tw-import-');
  const wrong = await runCli(['import', archive, '--passphrase-stdin'], { home: other, env, input: 'nope\n' });
  assert.equal(wrong.code, 3);
  const imported = await runCli(['import', archive, '--passphrase-stdin'], {
    home: other,
    env,
    input: 'export pass\n',
  });
  assert.equal(imported.code, 0, imported.stderr);
  const token = await runCli(['renew', 'v'], { home: other, env });
  assert.equal(token.code, 0, token.stderr);
  // Importing again clashes by name and changes nothing.
  const again = await runCli(['import', archive, '--passphrase-stdin'], { home: other, env, input: 'export pass\n' });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already has "v"/);
});

test('store use moves every secret to the keychain and back, and the wallet keeps working', async () => {
  const home = tempWalletHome('tw-move-');
  const env = headless(passFile);
  await runCli(['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice', '--password-stdin'], {
    home,
    env,
    input: 's3cret-Pa55\n',
  });
  // The keychain of this test run (scripts/with-keyring.sh) is reachable when the D-Bus address is left alone.
  const keychainEnv = { TOKEN_WALLET_PASSPHRASE_FILE: passFile };
  const moved = await runCli(['store', 'use', 'keychain'], { home, env: keychainEnv });
  assert.equal(moved.code, 0, moved.stderr);
  assert.match(moved.stdout, /moved \d+ secret\(s\) to the OS keychain/);
  assert.match((await runCli(['store'], { home, env: keychainEnv })).stdout, /OS keychain/);
  const renewed = await runCli(['renew', 'v'], { home, env: keychainEnv });
  assert.equal(renewed.code, 0, renewed.stderr);
  const back = await runCli(['store', 'use', 'file'], { home, env: keychainEnv });
  assert.equal(back.code, 0, back.stderr);
  assert.equal((await runCli(['renew', 'v'], { home, env })).code, 0);
});

test('headless npm start: the dashboard host uses the real home and the file store; the CLI shares it', async () => {
  const home = tempWalletHome('tw-headless-start-');
  const env = headless(passFile);
  await runCli(['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice', '--password-stdin'], {
    home,
    env,
    input: 's3cret-Pa55\n',
  });
  const dashboard = await startDashboard(home, env);
  try {
    // Through the host's socket: no passphrase needed in this process (a wrong one would fail).
    const token = await runCli(['token', 'v'], { home, env: headless(wrongFile) });
    assert.equal(token.code, 0, token.stderr);
    assert.ok(vss.isValid(token.stdout.trim()));
  } finally {
    await dashboard.stop();
  }
  // After a restart the account and its secrets are still there.
  const again = await runCli(['token', 'v'], { home, env });
  assert.equal(again.code, 0, again.stderr);
});
