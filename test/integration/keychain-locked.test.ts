import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { startFake } from '../fakes/index';
import { startAgent } from '../helpers/agent-process';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { keyringWithSensuAccount, type PrivateKeyring } from '../helpers/private-keyring';

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
  // 4 s tokens: the agent has a renewal to do within moments of starting.
  ({ keyring, env, sensu } = await keyringWithSensuAccount(home, 4));
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

test('an agent started while the keyring is locked renews by itself once it is unlocked', async () => {
  await keyring.kill();
  await keyring.startLocked();
  const exchanges = (): number => sensu.stats.logins + sensu.stats.refreshes;
  const before = exchanges();
  const agent = await startAgent(home, env);
  try {
    const waitFor = async (done: () => boolean, ms: number): Promise<void> => {
      const deadline = Date.now() + ms;
      while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    };
    await waitFor(() => /next attempt at/.test(agent.log()), 10_000);
    assert.match(agent.log(), /renewal of sensu failed: .*keychain is unavailable/, 'a renewal was tried while locked');
    assert.match(agent.log(), /sensu: next attempt at/, 'and is retried');
    assert.doesNotMatch(agent.log(), /needs attention/, 'a locked keyring is not the account needing the user');
    assert.equal(exchanges(), before, 'nothing reached the server while locked');
    await keyring.kill();
    await keyring.start();
    // Nobody asks for a token: the scheduler's own retry (1 s doubling) renews once the keyring answers.
    await waitFor(() => exchanges() > before, 20_000);
    assert.ok(exchanges() > before, `the agent renewed by itself after the unlock:\n${agent.log()}`);
  } finally {
    await agent.stop();
  }
});
