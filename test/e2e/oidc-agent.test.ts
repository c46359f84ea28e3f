import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright';
import { startOidcServer, type OidcServer } from '../fakes/oidc-server';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { launchChromium } from '../helpers/browser';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { recordingOpener, signInAtProvider } from '../helpers/oidc-signin';

/** With the agent running, the CLI's add and login reach it, and the agent opens the browser for the person. */
describe('browser sign-in through the agent', () => {
  let server: OidcServer;
  let browser: Browser;
  let agent: AgentProcess;
  const home = tempWalletHome('tw-oidc-agent-');
  const opener = recordingOpener();

  before(async () => {
    server = await startOidcServer();
    browser = await launchChromium();
    agent = await startAgent(home, opener.env);
  });
  after(async () => {
    await runCli(['remove', 'web'], { home });
    await agent.stop();
    await browser.close();
    await server.close();
  });

  test(
    'add, logout (revoked at the server), login again: each sign-in one browser tab',
    { timeout: 60_000 },
    async () => {
      const adding = runCli(
        ['add', 'web', '--provider', 'oidc', '--issuer', server.issuer, '--client-id', 'tw-browser'],
        { home },
      );
      await signInAtProvider(browser, (await opener.link(0)).link);
      const added = await adding;
      assert.equal(added.code, 0, `${added.stderr}\n${agent.log()}`);
      const first = (await runCli(['token', 'web'], { home })).stdout.trim();
      assert.equal(await server.isActive(first), true);
      const logout = await runCli(['logout', 'web'], { home });
      assert.equal(logout.code, 0, logout.stderr);
      assert.equal(await server.isActive(first), false, 'revoked at logout');
      const login = runCli(['login', 'web'], { home });
      await signInAtProvider(browser, (await opener.link(1)).link);
      const loggedIn = await login;
      assert.equal(loggedIn.code, 0, `${loggedIn.stderr}\n${agent.log()}`);
      const second = (await runCli(['token', 'web'], { home })).stdout.trim();
      assert.notEqual(second, first);
      assert.equal(await server.isActive(second), true);
      assert.equal(opener.count(), 2);
    },
  );
});
