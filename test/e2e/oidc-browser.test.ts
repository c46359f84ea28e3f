import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { startOidcServer, type OidcServer } from '../fakes/oidc-server';
import { launchChromium } from '../helpers/browser';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { writeFileSync } from 'node:fs';
import { clickAndType } from '../helpers/dashboard-page';

/**
 * The browser sign-in as a person does it: `add` opens the system browser (here a recording
 * xdg-open), Chromium loads the link from the opener file, the test types into oidc-provider's real
 * login and consent pages, and the loopback redirect hands the code back to the CLI.
 */
const binDir = mkdtempSync(path.join(os.tmpdir(), 'tw-opener-'));
const openedLog = path.join(binDir, 'opened');

function openerEnv(): Record<string, string> {
  return { PATH: `${binDir}:${process.env.PATH ?? ''}`, DISPLAY: ':99', TOKEN_WALLET_SIGNIN_TIMEOUT_MS: '30000' };
}

/** The link the wallet wrote into its opener file (the only thing xdg-open was given). */
async function openedLink(since: number): Promise<{ link: string; argv: string }> {
  for (let i = 0; i < 200; i += 1) {
    if (existsSync(openedLog)) {
      const lines = readFileSync(openedLog, 'utf8').trim().split('\n');
      // The opener may be mid-write: a line counts once it is whole (ends with its newline) and not empty.
      const whole = readFileSync(openedLog, 'utf8').endsWith('\n');
      if (lines.length > since && whole && (lines[since] ?? '') !== '') {
        const argv = lines[since] ?? '';
        const html = readFileSync(argv, 'utf8');
        const link = /url=([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
        assert.ok(link !== undefined, 'the opener file redirects to the link');
        return { link, argv };
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the browser was never opened');
}

/** A person in Chromium: the link, typed into oidc-provider's login page, consent, the wallet's closing page. */
async function signInInBrowser(browser: Browser, link: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(link);
  await clickAndType(page, page.locator('input[name="login"]'), 'alice');
  await clickAndType(page, page.locator('input[name="password"]'), 's3cret-Pa55');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('you can close this tab').waitFor({ timeout: 10_000 });
  return page;
}

describe('browser sign-in (authorization code + PKCE, loopback redirect)', () => {
  let server: OidcServer;
  let browser: Browser;
  const home = tempWalletHome('tw-oidc-browser-');

  before(async () => {
    mkdirSync(binDir, { recursive: true });
    writeFileSync(path.join(binDir, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${openedLog}'\n`);
    chmodSync(path.join(binDir, 'xdg-open'), 0o755);
    server = await startOidcServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
    await runCli(['remove', 'web'], { home });
    await server.close();
  });

  test('add opens the browser; typing into the login and consent pages signs in; tokens refresh', async () => {
    const adding = runCli(
      ['add', 'web', '--provider', 'oidc', '--issuer', server.issuer, '--client-id', 'tw-browser'],
      { home, env: openerEnv() },
    );
    const { link, argv } = await openedLink(0);
    assert.ok(!argv.includes('code_challenge') && !argv.includes('state='), 'nothing of the link on the command line');
    const url = new URL(link);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.ok((url.searchParams.get('nonce') ?? '').length > 20);
    const page = await signInInBrowser(browser, link);
    const added = await adding;
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /added web/);
    const token = await runCli(['token', 'web'], { home });
    assert.equal(token.code, 0, token.stderr);
    assert.equal(await server.isActive(token.stdout.trim()), true);
    const refreshes = server.stats.refreshGrants;
    const renew = await runCli(['renew', 'web'], { home });
    assert.equal(renew.code, 0, renew.stderr);
    assert.equal(server.stats.refreshGrants, refreshes + 1, 'renewed with the refresh token, no browser');
    await page.close();
  });

  test('a forged callback (wrong or no state) is refused and the sign-in goes on; the person signs in', async () => {
    const adding = runCli(
      ['add', 'forged', '--provider', 'oidc', '--issuer', server.issuer, '--client-id', 'tw-browser'],
      { home, env: openerEnv() },
    );
    const { link } = await openedLink(1);
    const redirect = new URL(new URL(link).searchParams.get('redirect_uri') ?? '');
    // Anyone who finds the port (another local user in /proc/net/tcp, a web page scanning loopback) may try.
    const iss = encodeURIComponent(server.issuer);
    const forged = await fetch(`${redirect.href}?code=stolen&state=not-the-state&iss=${iss}`);
    assert.equal(forged.status, 400);
    const stateless = await fetch(`${redirect.href}?error=access_denied`);
    assert.equal(stateless.status, 400);
    const list = await runCli(['list'], { home });
    assert.ok(!list.stdout.includes('forged'), 'nothing saved');
    // The sign-in goes on: the person completes it in the browser.
    const page = await signInInBrowser(browser, link);
    const added = await adding;
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /added forged/);
    await page.close();
    await runCli(['remove', 'forged'], { home });
  });

  test('nobody signs in: a clear error after the time-out', async () => {
    const added = await runCli(
      ['add', 'slow', '--provider', 'oidc', '--issuer', server.issuer, '--client-id', 'tw-browser'],
      {
        home,
        env: { ...openerEnv(), TOKEN_WALLET_SIGNIN_TIMEOUT_MS: '1500' },
      },
    );
    assert.equal(added.code, 3, added.stderr);
    assert.match(added.stderr, /no sign-in within/);
  });
});
