import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFake } from '../fakes/index';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { startPrivateKeyring, type PrivateKeyring } from '../helpers/private-keyring';

/**
 * gnome-keyring restarted without being unlocked (a login that did not unlock it): a locked keyring
 * answers every lookup with "no such item", so the wallet must not tell the user their password is
 * missing (and send them to set it again): it says the keychain is locked, and keeps everything.
 */
let keyring: PrivateKeyring;
let sensu: Awaited<ReturnType<typeof startFake<'sensu'>>>;
const home = tempWalletHome('tw-locked-');
let env: Record<string, string>;

before(async () => {
  keyring = await startPrivateKeyring();
  env = { ...keyring.env, TOKEN_WALLET_STORE: 'keychain' };
  sensu = await startFake('sensu');
  const added = await runCli(
    ['add', 'sensu', '--provider', 'sensu', '--url', sensu.url, '--username', 'alice', '--password-stdin'],
    { home, env, input: 's3cret-Pa55\n' },
  );
  assert.equal(added.code, 0, added.stderr);
});

after(async () => {
  await sensu?.close();
  await keyring?.close();
});

test('a locked keyring: token says the keychain is locked, not that the password is missing', async () => {
  await keyring.kill();
  await keyring.startLocked();
  const locked = await runCli(['token', 'sensu'], { home, env });
  assert.equal(locked.code, 1, locked.stderr);
  assert.match(locked.stderr, /keychain is unavailable: .*locked/);
  assert.doesNotMatch(locked.stderr, /no password/);
  assert.equal(locked.stderr.trim().split('\n').length, 1, 'one line');
  // Nothing was lost: unlocked again, the same account works without being set up again.
  await keyring.kill();
  await keyring.start();
  const unlocked = await runCli(['token', 'sensu'], { home, env });
  assert.equal(unlocked.code, 0, unlocked.stderr);
  assert.ok(unlocked.stdout.trim().length > 0);
});
