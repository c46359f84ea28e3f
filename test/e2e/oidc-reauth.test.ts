import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright';
import { startOidcServer, type OidcServer } from '../fakes/oidc-server';
import { launchChromium } from '../helpers/browser';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { recordingOpener, signInAtProvider } from '../helpers/oidc-signin';

/**
 * Re-authentication a person can plan: the refresh token's end (refresh_expires_in) shows in show,
 * list and forecast; when it has passed, 20 parallel `token` callers share one sign-in (one
 * browser tab) and all get a token. Lifetimes compressed: access 3 s, refresh 5 s.
 */
describe('re-login forecast and one shared sign-in', () => {
  let server: OidcServer;
  let browser: Browser;
  const home = tempWalletHome('tw-oidc-reauth-');
  const opener = recordingOpener();

  before(async () => {
    server = await startOidcServer({ accessTokenTtlSec: 3, refreshTokenTtlSec: 5 });
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
    await runCli(['remove', 'web'], { home });
    await server.close();
  });

  test('forecast, then 20 callers after the refresh token died: one tab, 20 tokens', async () => {
    const adding = runCli(
      ['add', 'web', '--provider', 'oidc', '--issuer', server.issuer, '--client-id', 'tw-browser'],
      { home, env: opener.env },
    );
    await signInAtProvider(browser, (await opener.link(0)).link);
    const added = await adding;
    assert.equal(added.code, 0, added.stderr);

    const show = await runCli(['show', 'web'], { home });
    assert.match(show.stdout, /sign in again by\s+\w{3} \d{2}:\d{2}/);
    const list = JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{
      name: string;
      signInBy: string | null;
    }>;
    const signInBy = Date.parse(list.find((account) => account.name === 'web')?.signInBy ?? '');
    assert.ok(Math.abs(signInBy - (Date.now() + 5000)) < 5000, 'signInBy is the refresh token end');
    const forecast = await runCli(['forecast'], { home });
    assert.match(forecast.stdout, /web\s+sign in again by/);
    const forecastJson = JSON.parse((await runCli(['forecast', '--json'], { home })).stdout) as unknown[];
    assert.equal(forecastJson.length, 1);

    await new Promise((resolve) => setTimeout(resolve, 5500));
    const callers = Array.from({ length: 20 }, () => runCli(['token', 'web'], { home, env: opener.env }));
    await signInAtProvider(browser, (await opener.link(1)).link);
    const results = await Promise.all(callers);
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    assert.equal(opener.count(), 2, 'one browser tab for the 20 callers (plus the first sign-in)');
    const tokens = new Set(results.map((result) => result.stdout.trim()));
    for (const token of tokens) assert.ok(token.length > 20);
  });
});
