import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeytarSecretStore } from '../../app/secrets/keytar-store';
import { Wallet } from '../../app/wallet';
import { startOidcServer } from '../fakes/oidc-server';
import { tempWalletHome } from '../helpers/cli-runner';

/**
 * A browser account the scheduler cannot renew never opens a browser by itself: it turns
 * "needs attention: needs sign-in" with the command that fixes it, and a person's `login` does ask.
 */
describe('needs sign-in', () => {
  test('the scheduler reports it without a browser; a person at the wallet is asked', async () => {
    const server = await startOidcServer();
    const asked: string[] = [];
    const wallet = new Wallet({
      home: tempWalletHome('tw-needs-signin-'),
      secrets: new KeytarSecretStore(),
      interaction: { say: () => undefined, openBrowser: (url) => (asked.push(url), true), timeoutMs: 1000 },
    });
    try {
      await wallet.add(
        {
          name: 'web',
          provider: 'oidc',
          url: server.issuer,
          username: '',
          options: { issuer: server.issuer, clientId: 'tw-browser', grant: 'authorization_code' },
        },
        '',
      );
      const outcome = await wallet.renewById((await wallet.find('web')).id);
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.error.message, /needs sign-in: run token-wallet login web/);
      assert.deepEqual(asked, [], 'no browser from the scheduler');
      const view = await wallet.get('web');
      assert.equal(view.status, 'attention');
      await assert.rejects(wallet.login('web'), /no sign-in within 1 seconds/);
      assert.equal(asked.length, 1, 'a person asking to log in gets one browser tab');
    } finally {
      await wallet.remove('web').catch(() => undefined);
      await server.close();
    }
  });
});
