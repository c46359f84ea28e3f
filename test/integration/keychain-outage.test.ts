import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { startFake } from '../fakes/index';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { keyringWithSensuAccount, readWalletId, type PrivateKeyring } from '../helpers/private-keyring';

/**
 * The real gnome-keyring-daemon is killed while the agent runs and started again later: the agent
 * keeps serving valid tokens, says "keychain unavailable", keeps each rotated refresh token in memory
 * and writes the newest one when the keyring is back. Compressed lifetimes (4 s tokens).
 */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ListedAccount {
  name: string;
  keychain: string;
  unsavedSession: boolean;
}

describe('keychain trouble mid-run', () => {
  const home = tempWalletHome('tw-outage-');
  let keyring: PrivateKeyring;
  let sensu: Awaited<ReturnType<typeof startFake<'sensu'>>>;
  let agent: AgentProcess;
  let env: Record<string, string>;

  before(async () => {
    ({ keyring, env, sensu } = await keyringWithSensuAccount(home, 4));
    agent = await startAgent(home, env);
  });

  after(async () => {
    await agent?.stop();
    await sensu?.close();
    await keyring?.close();
  });

  const listed = async (): Promise<ListedAccount> => {
    const result = await runCli(['list', '--json'], { home, env });
    assert.equal(result.code, 0, result.stderr);
    return (JSON.parse(result.stdout) as ListedAccount[])[0] as ListedAccount;
  };

  test('daemon killed and restarted: tokens keep coming, the rotated refresh token is written when back', async () => {
    const first = await runCli(['token', 'sensu'], { home, env });
    assert.equal(first.code, 0, first.stderr);
    assert.equal((await listed()).keychain, 'ok');
    const refreshesBefore = sensu.stats.refreshes;

    await keyring.kill();
    const started = Date.now();
    let served = 0;
    while (Date.now() - started < 9000) {
      const token = await runCli(['token', 'sensu'], { home, env });
      assert.equal(token.code, 0, token.stderr);
      // Issued by the server and unexpired (a refresh right after the hand-out revokes it: that is fine).
      const issued = sensu.state.tokens.get(token.stdout.trim());
      assert.ok(issued !== undefined && issued.expiresAt > Date.now(), 'an unexpired token while the keychain is gone');
      served += 1;
      await sleep(300);
    }
    assert.ok(served >= 5, `${served} tokens served`);
    assert.ok(
      sensu.stats.refreshes - refreshesBefore >= 2,
      'the agent renewed (refresh tokens rotated) during the outage',
    );
    const during = await listed();
    assert.equal(during.keychain, 'unavailable');
    assert.equal(during.unsavedSession, true);
    const shown = await runCli(['show', 'sensu'], { home, env });
    assert.match(shown.stdout, /keychain unavailable/);

    await keyring.start();
    const deadline = Date.now() + 10_000;
    let after = await listed();
    while ((after.keychain !== 'ok' || after.unsavedSession) && Date.now() < deadline) {
      await sleep(250);
      after = await listed();
    }
    assert.equal(after.keychain, 'ok', 'the agent sees the keychain again');
    assert.equal(after.unsavedSession, false);
    // A renewal may be between the server's answer and its keychain write: look again for a moment.
    const item = { service: `token-wallet:${readWalletId(home)}`, account: `${await accountId(home)}:session` };
    const storedRefresh = (): string | null => {
      const stored = keyring.lookup(item);
      return stored === null ? null : (JSON.parse(stored) as { refreshToken: string }).refreshToken;
    };
    let refreshToken = storedRefresh();
    for (let attempt = 0; attempt < 10 && !sensu.refreshTokens.has(refreshToken ?? ''); attempt += 1) {
      await sleep(100);
      refreshToken = storedRefresh();
    }
    assert.ok(refreshToken !== null, 'the session is in the keychain');
    assert.ok(
      sensu.refreshTokens.has(refreshToken),
      'the keychain holds the refresh token the server honours now: nothing lost',
    );
    assert.equal(sensu.stats.logins, 1, 'no fallback login was needed');
  });
});

async function accountId(home: string): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const config = JSON.parse(readFileSync(`${home}/config.json`, 'utf8')) as { accounts: Array<{ id: string }> };
  return config.accounts[0]?.id ?? '';
}
