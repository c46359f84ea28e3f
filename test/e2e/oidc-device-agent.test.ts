import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright';
import { startOidcServer, type OidcServer } from '../fakes/oidc-server';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { launchChromium } from '../helpers/browser';
import { cliPath, runCli, tempWalletHome, type CliResult } from '../helpers/cli-runner';
import { clickAndType } from '../helpers/dashboard-page';

const headless = { DISPLAY: '', WAYLAND_DISPLAY: '', BROWSER: '', TOKEN_WALLET_NO_BROWSER: '1' };

/**
 * A device-code sign-in started through the agent (the CLI's `add` while an agent runs): the person
 * at the CLI sees the verification URI and the user code on their own stderr, not only the agent's,
 * and the CLI keeps waiting for them beyond its usual 5 s (here) agent time-out.
 */
describe('device sign-in through the agent', () => {
  let server: OidcServer;
  let browser: Browser;
  let agent: AgentProcess;
  const home = tempWalletHome('tw-oidc-device-agent-');

  before(async () => {
    server = await startOidcServer();
    browser = await launchChromium();
    agent = await startAgent(home, headless);
  });
  after(async () => {
    await runCli(['remove', 'tv'], { home });
    await agent.stop();
    await browser.close();
    await server.close();
  });

  test(
    'the code reaches the CLI that asked; the person signs in after its time-out would have passed',
    { timeout: 60_000 },
    async () => {
      const args = [
        'add',
        'tv',
        '--provider',
        'oidc',
        '--issuer',
        server.issuer,
        '--client-id',
        'tw-browser',
        '--no-browser',
      ];
      const child = spawn(process.execPath, [cliPath, ...args], {
        env: { ...process.env, TOKEN_WALLET_HOME: home, TOKEN_WALLET_AGENT_TIMEOUT_MS: '5000', ...headless },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      child.stdin.end();
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const done = new Promise<CliResult>((resolve) =>
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
      );
      const deadline = Date.now() + 15_000;
      let match: RegExpExecArray | null = null;
      while ((match = /open (\S+) and enter the code (\S+)/.exec(stderr)) === null) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no code on the CLI's stderr: ${stderr}\nagent: ${agent.log()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const [, uri, code] = match as unknown as [string, string, string];
      assert.equal(new URL(uri).origin, server.issuer);
      // Past the CLI's 5 s agent time-out: it must keep waiting for the person.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      const page = await browser.newPage();
      await page.goto(uri);
      await clickAndType(page, page.locator('input[name="user_code"]'), code);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await clickAndType(page, page.locator('input[name="login"]'), 'alice');
      await clickAndType(page, page.locator('input[name="password"]'), 's3cret-Pa55');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      const added = await done;
      assert.equal(added.code, 0, `${added.stderr}\nagent: ${agent.log()}`);
      assert.match(added.stdout, /added tv/);
      const token = await runCli(['token', 'tv'], { home });
      assert.equal(await server.isActive(token.stdout.trim()), true);
      await page.close();
    },
  );
});
