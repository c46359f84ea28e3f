import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright';
import { startOidcServer, type OidcServer } from '../fakes/oidc-server';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { launchChromium } from '../helpers/browser';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { recordingOpener, signInAtProvider } from '../helpers/oidc-signin';

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The reminder before a sign-in is due, end to end: a real server whose refresh tokens end after
 * 65 s (refresh_expires_in), --remind-before 1m, so the agent says it 5 s after the sign-in; once,
 * and not again after the agent restarts.
 */
describe('sign-in reminder', () => {
  let server: OidcServer;
  let browser: Browser;
  let agent: AgentProcess;
  const home = tempWalletHome('tw-oidc-remind-');
  const opener = recordingOpener();

  before(async () => {
    server = await startOidcServer({ refreshTokenTtlSec: 65 });
    browser = await launchChromium();
    agent = await startAgent(home, opener.env);
  });
  after(async () => {
    await agent.stop();
    await runCli(['remove', 'web'], { home });
    await browser.close();
    await server.close();
  });

  test(
    'said once by the agent a minute before the refresh token ends; not again after a restart',
    { timeout: 60_000 },
    async () => {
      const adding = runCli(
        [
          'add',
          'web',
          '--provider',
          'oidc',
          '--issuer',
          server.issuer,
          '--client-id',
          'tw-browser',
          '--remind-before',
          '1m',
        ],
        { home },
      );
      await signInAtProvider(browser, (await opener.link(0)).link);
      const added = await adding;
      assert.equal(added.code, 0, `${added.stderr}\n${agent.log()}`);
      const reminder = /reminder: web: sign in again by \w{3} \d\d:\d\d \(token-wallet login web\)/;
      await waitFor(() => reminder.test(agent.log()), 20_000, `the reminder in the agent's log:\n${agent.log()}`);
      const count = (text: string): number => text.split('reminder: web').length - 1;
      await agent.stop();
      assert.equal(count(agent.log()), 1, 'said once');
      agent = await startAgent(home, opener.env);
      // The restarted agent's first look comes 200 ms after start; give it ample time to (not) speak.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      assert.equal(count(agent.log()), 0, `not again after a restart:\n${agent.log()}`);
    },
  );
});
