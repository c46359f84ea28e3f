import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright';
import { startOidcServer, type OidcServer } from '../fakes/oidc-server';
import { launchChromium } from '../helpers/browser';
import { cliPath, runCli, tempWalletHome, type CliResult } from '../helpers/cli-runner';
import { clickAndType } from '../helpers/dashboard-page';

/**
 * The device authorization grant (RFC 8628) as on a headless machine: `add --no-browser` prints the
 * verification URI and the user code; a person (Playwright in Chromium) opens the URI elsewhere,
 * types the code, signs in and consents, or aborts; the CLI, polling meanwhile, gets the tokens or
 * says the sign-in was denied.
 */
function startAdd(
  home: string,
  name: string,
  issuer: string,
): { done: Promise<CliResult>; prompt: Promise<{ uri: string; code: string }> } {
  const child = spawn(
    process.execPath,
    [cliPath, 'add', name, '--provider', 'oidc', '--issuer', issuer, '--client-id', 'tw-browser', '--no-browser'],
    {
      env: {
        ...process.env,
        TOKEN_WALLET_HOME: home,
        DISPLAY: '',
        WAYLAND_DISPLAY: '',
        BROWSER: '',
        TOKEN_WALLET_NO_BROWSER: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  let announce: (value: { uri: string; code: string }) => void = () => undefined;
  const prompt = new Promise<{ uri: string; code: string }>((resolve) => (announce = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const match = /open (\S+) and enter the code (\S+)/.exec(stderr);
    if (match?.[1] !== undefined && match[2] !== undefined) announce({ uri: match[1], code: match[2] });
  });
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
  // A CLI that ends (or errs) without printing the code fails the test instead of hanging it.
  void done.then((result) =>
    setTimeout(() => announce({ uri: `exited ${result.code}: ${result.stderr}`, code: '' }), 100),
  );
  return { done, prompt };
}

describe('device sign-in (RFC 8628)', () => {
  let server: OidcServer;
  let browser: Browser;
  const home = tempWalletHome('tw-oidc-device-');

  before(async () => {
    server = await startOidcServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
    await runCli(['remove', 'tv'], { home });
    await server.close();
  });

  test(
    'the person types the user code, signs in and consents; the polling CLI gets the tokens',
    { timeout: 60_000 },
    async () => {
      const { done, prompt } = startAdd(home, 'tv', server.issuer);
      const { uri, code } = await prompt;
      assert.equal(new URL(uri).origin, server.issuer);
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
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /added tv/);
      const token = await runCli(['token', 'tv'], { home });
      assert.equal(await server.isActive(token.stdout.trim()), true);
      await page.close();
    },
  );

  test('the person aborts: access_denied ends the polling with exit 3', { timeout: 60_000 }, async () => {
    const { done, prompt } = startAdd(home, 'tv-denied', server.issuer);
    const { uri, code } = await prompt;
    const page = await browser.newPage();
    await page.goto(uri);
    await clickAndType(page, page.locator('input[name="user_code"]'), code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: '[ Abort ]' }).click();
    const added = await done;
    assert.equal(added.code, 3, added.stderr);
    assert.match(added.stderr, /denied/);
    await page.close();
  });
});
