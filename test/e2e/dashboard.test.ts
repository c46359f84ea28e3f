import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { startFake } from '../fakes/index';
import { launchChromium, seriousAxeViolations } from '../helpers/browser';
import { projectRoot, runCli, runShell, tempWalletHome } from '../helpers/cli-runner';
import { startDashboard, type DashboardProcess } from '../helpers/dashboard-process';

/**
 * The dashboard in Debian's Chromium against the real core (the built CLI's `dashboard`), the real
 * keychain and the fake servers.
 */
const screenshots = path.join(projectRoot, 'artifacts', 'screenshots');
const password = 's3cret-Pa55';

describe('dashboard end to end', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dashboard: DashboardProcess;
  const home = tempWalletHome('tw-e2e-');
  let sensu: Awaited<ReturnType<typeof startFake<'sensu'>>>;
  let veeam: Awaited<ReturnType<typeof startFake<'veeam-vao'>>>;
  let ribbon: Awaited<ReturnType<typeof startFake<'ribbon-sbc'>>>;
  let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;

  const row = (name: string) => page.getByTestId(`account-${name}`);
  const shot = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    [sensu, veeam, ribbon, vss] = await Promise.all([startFake('sensu', { lifetimeSec: 120 }), startFake('veeam-vao', { lifetimeSec: 300 }), startFake('ribbon-sbc'), startFake('vss')]);
    dashboard = await startDashboard(home);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: dashboard.origin });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(dashboard.openUrl);
  });

  after(async () => {
    await browser?.close();
    await dashboard?.stop();
    await Promise.all([sensu?.close(), veeam?.close(), ribbon?.close(), vss?.close()]);
  });

  test('an empty wallet says how to add the first account; the secret leaves the address bar', async () => {
    await page.getByTestId('empty').waitFor();
    assert.match(await page.getByTestId('empty').innerText(), /Add your first API account/);
    assert.equal(new URL(page.url()).hash, '', 'the per-run secret is removed from the address bar');
    await shot('01-empty');
    assert.deepEqual(await seriousAxeViolations(page), []);
  });

  test('the form shows only the chosen API’s fields and checks name and URL as you type', async () => {
    await page.getByTestId('add-account').click();
    const form = page.getByTestId('account-form');
    await form.waitFor();
    await page.getByTestId('field-provider').selectOption('ribbon-sbc');
    assert.equal(await form.getByLabel('REST API version').count(), 1);
    assert.equal(await form.getByLabel('Token URL').count(), 0);
    assert.equal(await form.getByLabel(/Log out of the server/).count(), 0, 'the SBC has no logout');
    await page.getByTestId('field-provider').selectOption('oidc');
    assert.equal(await form.getByLabel('Issuer').count(), 1);
    assert.equal(await form.getByLabel(/Log out of the server/).count(), 1, 'OIDC can revoke on quit');
    assert.equal(await form.getByLabel('REST API version').count(), 0);
    await form.getByLabel('Name *', { exact: true }).fill('bad name!');
    await form.getByLabel('Base URL *').fill('ftp://example');
    await form.getByLabel('Base URL *').blur();
    assert.match(await page.getByTestId('error-name').innerText(), /letters, digits/);
    assert.match(await page.getByTestId('error-url').innerText(), /https/);
    await shot('02-form-validation');
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
  });

  /** Opens the add form and fills it in; returns the form. */
  async function fillAddForm(provider: string, name: string, url: string, username: string, secret: string, extra: Record<string, string> = {}) {
    await page.getByTestId('add-account').click();
    const form = page.getByTestId('account-form');
    await page.getByTestId('field-provider').selectOption(provider);
    await form.getByLabel('Name *', { exact: true }).fill(name);
    await form.getByLabel('Base URL *').fill(url);
    await form.getByLabel(/User name/).fill(username);
    await form.getByLabel(/Password/).fill(secret);
    for (const [label, value] of Object.entries(extra)) await form.getByLabel(label).fill(value);
    return form;
  }

  async function addThroughForm(provider: string, name: string, url: string, username: string, secret: string): Promise<void> {
    const form = await fillAddForm(provider, name, url, username, secret);
    await page.getByTestId('save').click();
    await form.waitFor({ state: 'detached' });
  }

  test('accounts added through the form for three APIs turn fresh', async () => {
    await addThroughForm('sensu', 'sensu-prod', sensu.url, 'alice', password);
    await addThroughForm('veeam-vao', 'vao-dr', veeam.url, 'vao\\alice', password);
    // Test credentials before saving: the SBC answers.
    const form = await fillAddForm('ribbon-sbc', 'sbc-lab', ribbon.url, 'alice', password);
    await page.getByTestId('test-credentials').click();
    await page.getByTestId('form-note').getByText('Credentials accepted').waitFor();
    await page.getByTestId('save').click();
    await form.waitFor({ state: 'detached' });

    for (const name of ['sensu-prod', 'vao-dr', 'sbc-lab']) {
      await row(name).getByTestId('status').getByText('Fresh').waitFor({ timeout: 15_000 });
    }
    assert.equal(veeam.lastUsername, 'vao\\alice', 'the domain user arrived intact');
    assert.match(await row('sensu-prod').getByTestId('countdown').innerText(), /^\dm \d\ds$/);
    await shot('03-three-fresh');
    assert.deepEqual(await seriousAxeViolations(page), []);
  });

  test('a server error is shown beside the field it concerns', async () => {
    await fillAddForm('ribbon-sbc', 'sbc-v9', ribbon.url, 'alice', password, { 'REST API version': 'v9.9' });
    await page.getByTestId('test-credentials').click();
    await page.getByTestId('error-apiVersion').waitFor();
    assert.match(await page.getByTestId('error-apiVersion').innerText(), /does not support REST API version v9\.9/);
    await shot('04-field-error');
    await page.keyboard.press('Escape');
  });

  test('copy curl puts a working command on the clipboard and says how long it stays valid', async () => {
    await row('sensu-prod').getByTestId('copy-curl').click();
    await page.getByTestId('toast').getByText(/Copied curl command for sensu-prod: valid for \dm/).waitFor();
    const command = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(command, /^curl -sS -H 'Authorization: Bearer [^']+' http:\/\/127\.0\.0\.1:\d+\/api\/core\/v2\/namespaces$/);
    const run = await runShell(`${command} -o /dev/null -w '%{http_code}'`);
    assert.equal(run.stdout, '200');
  });

  test('renew now restarts the countdown', async () => {
    await page.waitForTimeout(2500);
    const before = await row('sensu-prod').getByTestId('countdown').innerText();
    const refreshes = sensu.stats.refreshes;
    await row('sensu-prod').getByTestId('renew').click();
    await page.getByTestId('toast').getByText('Renewed sensu-prod').waitFor();
    const after = await row('sensu-prod').getByTestId('countdown').innerText();
    const seconds = (text: string) => {
      const match = /(\d+)m (\d+)s/.exec(text);
      return Number(match?.[1]) * 60 + Number(match?.[2]);
    };
    assert.ok(seconds(after) > seconds(before), `countdown ${before} → ${after}`);
    assert.equal(sensu.stats.refreshes, refreshes + 1, 'renewed with the refresh token');
  });

  test('a wrong password shows "needs attention" with the server’s reason', async () => {
    await addThroughForm('vss', 'vss-wrong', vss.url, 'alice', 'not-the-password');
    await row('vss-wrong').getByTestId('status').getByText('Needs attention').waitFor({ timeout: 15_000 });
    assert.match(await row('vss-wrong').getByTestId('last-error').innerText(), /invalid username and password/);
    await shot('05-needs-attention');
  });

  test('editing in the right password brings the account back to fresh', async () => {
    await row('vss-wrong').getByTestId('edit').click();
    const form = page.getByTestId('account-form');
    assert.equal(await form.getByLabel(/New password/).inputValue(), '', 'the stored password is never shown');
    await form.getByLabel(/New password/).fill(password);
    await page.getByTestId('save').click();
    await form.waitFor({ state: 'detached' });
    await row('vss-wrong').getByTestId('status').getByText('Fresh').waitFor({ timeout: 15_000 });
  });

  test('search filters and the keyboard reaches every action', async () => {
    await page.getByTestId('search').fill('vao');
    assert.equal(await page.getByTestId('accounts').locator('li').count(), 1);
    await page.getByTestId('search').fill('');
    assert.equal(await page.getByTestId('accounts').locator('li').count(), 4);
    await page.getByTestId('search').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'add-account');
  });

  test('remove asks first, then deletes the account from the wallet', async () => {
    await row('vao-dr').getByTestId('remove').click();
    await page.getByTestId('confirm-remove').waitFor();
    await shot('06-confirm-remove');
    await page.getByTestId('confirm-remove-yes').click();
    await row('vao-dr').waitFor({ state: 'detached' });
    const listed = JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{ name: string }>;
    assert.deepEqual(listed.map((account) => account.name).sort(), ['sbc-lab', 'sensu-prod', 'vss-wrong']);
    assert.equal(veeam.stats.logouts, 1, 'the Veeam session was logged out');
  });

  test('dark theme follows the system', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(21, 24, 28)');
    await shot('07-dark');
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
