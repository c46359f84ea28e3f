import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { startFake } from '../fakes/index';
import { seriousAxeViolations } from '../helpers/axe';
import { projectRoot, runCli, runShell, tempWalletHome } from '../helpers/cli-runner';
import { clickAndType, focusedName, openDashboardPage, type DashboardSession } from '../helpers/dashboard-page';

/**
 * The dashboard in Debian's Chromium against the real core (the built CLI's `dashboard`), the real
 * keychain and the fake servers, driven as a person does: clicks on controls found by their
 * accessible names, typing, Tab, Enter and Escape.
 */
const screenshots = path.join(projectRoot, 'artifacts', 'screenshots');
const password = 's3cret-Pa55';

describe('dashboard end to end', () => {
  let session: DashboardSession;
  let page: Page;
  const home = tempWalletHome('tw-e2e-');
  let sensu: Awaited<ReturnType<typeof startFake<'sensu'>>>;
  let veeam: Awaited<ReturnType<typeof startFake<'veeam-vao'>>>;
  let ribbon: Awaited<ReturnType<typeof startFake<'ribbon-sbc'>>>;
  let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;

  const row = (name: string) => page.getByRole('listitem', { name: `Account ${name}` });
  const form = () => page.getByRole('dialog', { name: /^(Add account|Edit )/ });
  const said = (text: string | RegExp) => page.getByTestId('live-region').getByText(text);
  const shot = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  const chooseFromMenu = async (name: string, item: string) => {
    await row(name)
      .getByRole('button', { name: `More actions for ${name}` })
      .click();
    await page
      .getByRole('menu', { name: `More actions for ${name}` })
      .getByRole('menuitem', { name: item })
      .click();
  };

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    [sensu, veeam, ribbon, vss] = await Promise.all([
      startFake('sensu', { lifetimeSec: 120 }),
      startFake('veeam-vao', { lifetimeSec: 300 }),
      startFake('ribbon-sbc'),
      startFake('vss'),
    ]);
    session = await openDashboardPage(home);
    page = session.page;
  });

  after(async () => {
    await session?.close();
    await Promise.all([sensu?.close(), veeam?.close(), ribbon?.close(), vss?.close()]);
  });

  test('an empty wallet says how to add the first account; the secret leaves the address bar', async () => {
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    assert.match(await page.getByTestId('empty').innerText(), /Add your first API account/);
    // The header says where secrets go, as `token-wallet list` and the tray do; the empty wallet agrees.
    await page.getByRole('banner').getByText('Secrets: OS keychain').waitFor();
    await page
      .getByTestId('empty')
      .getByText(/goes to your OS keychain/)
      .waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the per-run secret is removed from the address bar');
    await shot('01-empty');
    assert.deepEqual(await seriousAxeViolations(page), []);
  });

  test('the form shows only the chosen API’s fields', async () => {
    await page.getByRole('button', { name: 'Add your first account' }).click();
    const api = form().getByRole('combobox', { name: 'API' });
    await api.selectOption({ label: 'Ribbon SBC' });
    assert.equal(await form().getByRole('textbox', { name: 'REST API version' }).count(), 1);
    assert.equal(await form().getByRole('textbox', { name: 'Token URL' }).count(), 0);
    assert.equal(
      await form()
        .getByRole('checkbox', { name: /Log out of the server/ })
        .count(),
      0,
      'the SBC has no logout',
    );
    await api.selectOption({ label: 'OpenID Connect' });
    assert.equal(await form().getByRole('textbox', { name: 'Issuer' }).count(), 1);
    assert.equal(
      await form()
        .getByRole('checkbox', { name: /Log out of the server/ })
        .count(),
      1,
      'OIDC can revoke on quit',
    );
    await clickAndType(page, form().getByRole('textbox', { name: 'Name *', exact: true }), 'bad name!');
    await page.keyboard.press('Tab');
    assert.match(await form().getByRole('alert').first().innerText(), /letters, digits/);
    await shot('02-form-validation');
    assert.deepEqual(await seriousAxeViolations(page), []);
    await form().getByRole('button', { name: 'Cancel' }).click();
    await form().waitFor({ state: 'detached' });
  });

  /** Opens the add form and types into it; returns with the form still open. */
  async function typeAddForm(
    provider: string,
    name: string,
    url: string,
    username: string,
    secret: string,
    extra: Record<string, string> = {},
  ): Promise<void> {
    await page.getByRole('button', { name: 'Add account', exact: true }).click();
    await form().getByRole('combobox', { name: 'API' }).selectOption({ label: provider });
    await clickAndType(page, form().getByRole('textbox', { name: 'Name *', exact: true }), name);
    await clickAndType(page, form().getByRole('textbox', { name: 'Base URL *' }), url);
    await clickAndType(page, form().getByRole('textbox', { name: /User name/ }), username);
    await clickAndType(page, form().getByLabel(/Password/), secret);
    for (const [label, value] of Object.entries(extra))
      await clickAndType(page, form().getByRole('textbox', { name: label }), value);
  }

  async function addThroughForm(
    provider: string,
    name: string,
    url: string,
    username: string,
    secret: string,
  ): Promise<void> {
    await typeAddForm(provider, name, url, username, secret);
    await form().getByRole('button', { name: 'Save' }).click();
    await form().waitFor({ state: 'detached' });
    await said(`Added ${name}`).waitFor();
  }

  test('accounts added through the form for three APIs turn fresh', async () => {
    await addThroughForm('Sensu Go', 'sensu-prod', sensu.url, 'alice', password);
    await addThroughForm('Veeam Orchestrator', 'vao-dr', veeam.url, 'vao\\alice', password);
    // Test credentials before saving: the SBC answers.
    await typeAddForm('Ribbon SBC', 'sbc-lab', ribbon.url, 'alice', password);
    await form().getByRole('button', { name: 'Test credentials' }).click();
    await form().getByText('Credentials accepted').waitFor();
    // Enter in a text field submits (on the focused button it would test again).
    await form()
      .getByRole('textbox', { name: /User name/ })
      .click();
    await page.keyboard.press('Enter');
    await form().waitFor({ state: 'detached' });

    for (const name of ['sensu-prod', 'vao-dr', 'sbc-lab'])
      await row(name).getByTestId('status').getByText('Fresh').waitFor({ timeout: 15_000 });
    assert.equal(veeam.lastUsername, 'vao\\alice', 'the domain user arrived intact');
    assert.match(await row('sensu-prod').getByTestId('countdown').innerText(), /^\dm \d\ds$/);
    await page.getByRole('group', { name: 'Accounts by state' }).getByRole('button', { name: '3 fresh' }).waitFor();
    await shot('03-three-fresh');
    assert.deepEqual(await seriousAxeViolations(page), []);
  });

  test('a server error is shown beside the field it concerns', async () => {
    await typeAddForm('Ribbon SBC', 'sbc-v9', ribbon.url, 'alice', password, { 'REST API version': 'v9.9' });
    await form().getByRole('button', { name: 'Test credentials' }).click();
    await form()
      .getByRole('alert')
      .getByText(/does not support REST API version v9\.9/)
      .waitFor();
    await shot('04-field-error');
    await form().getByRole('button', { name: 'Cancel' }).click();
    await form().waitFor({ state: 'detached' });
  });

  test('each row has one primary action; the rest are in its menu', async () => {
    const buttons = row('sensu-prod').getByRole('button');
    assert.deepEqual(
      await buttons.evaluateAll((all) => all.map((button) => button.getAttribute('aria-label') ?? button.textContent)),
      ['Copy token for sensu-prod', 'More actions for sensu-prod'],
    );
    await row('sensu-prod').getByRole('button', { name: 'More actions for sensu-prod' }).click();
    const items = await page.getByRole('menu').getByRole('menuitem').allInnerTexts();
    assert.deepEqual(items, [
      'Copy curl command',
      'Copy HTTPie command',
      'Copy Authorization header',
      'Renew now',
      'Test credentials',
      'Edit…',
      'Log out',
      'Remove…',
    ]);
    await shot('05-row-menu');
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.keyboard.press('Escape');
    assert.equal(await focusedName(page), 'More actions for sensu-prod', 'Escape returns to the menu button');
  });

  test('copy curl puts a working command on the clipboard and says how long it stays valid', async () => {
    await chooseFromMenu('sensu-prod', 'Copy curl command');
    await said(/Copied curl command for sensu-prod: valid for \dm/).waitFor();
    const command = await page.evaluate(() => navigator.clipboard.readText());
    // Either form of the snippet: the header on the command line, or (token off argv) on stdin.
    assert.match(command, /^curl -sS -H .*http:\/\/127\.0\.0\.1:\d+\/api\/core\/v2\/namespaces/s);
    assert.match(command, /Authorization: Bearer \S+/);
    const calls = sensu.stats.apiCalls;
    const run = await runShell(command);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /"ok":true/);
    assert.equal(sensu.stats.apiCalls, calls + 1, 'the API accepted the copied token');
  });

  test('renew now restarts the countdown', async () => {
    await page.waitForTimeout(2500);
    const before = await row('sensu-prod').getByTestId('countdown').innerText();
    const refreshes = sensu.stats.refreshes;
    await chooseFromMenu('sensu-prod', 'Renew now');
    await said(/Renewed sensu-prod/).waitFor();
    const after = await row('sensu-prod').getByTestId('countdown').innerText();
    const seconds = (text: string) => {
      const match = /(\d+)m (\d+)s/.exec(text);
      return Number(match?.[1]) * 60 + Number(match?.[2]);
    };
    assert.ok(seconds(after) > seconds(before), `countdown ${before} → ${after}`);
    assert.equal(sensu.stats.refreshes, refreshes + 1, 'renewed with the refresh token');
  });

  test('a password changed on the server shows "needs attention" with the server’s reason', async () => {
    // The form saves only what the server accepts: the password changes on the server afterwards.
    await addThroughForm('UofT VSS', 'vss-wrong', vss.url, 'alice', password);
    vss.state.users.set('alice', 'changed-on-the-server');
    await chooseFromMenu('vss-wrong', 'Renew now');
    await row('vss-wrong').getByTestId('status').getByText('Needs attention').waitFor({ timeout: 15_000 });
    assert.match(await row('vss-wrong').getByTestId('reason').innerText(), /invalid username and password/);
    assert.match(
      (await row('vss-wrong').getAttribute('class')) ?? '',
      /state-attention/,
      'the card’s colour follows its state',
    );
    await page.getByRole('button', { name: '1 need attention' }).waitFor();
    await shot('06-needs-attention');
  });

  test('editing in the right password brings the account back to fresh', async () => {
    vss.state.users.set('alice', password);
    await chooseFromMenu('vss-wrong', 'Edit…');
    assert.equal(
      await form()
        .getByLabel(/New password/)
        .inputValue(),
      '',
      'the stored password is never shown',
    );
    await form()
      .getByLabel(/New password/)
      .click();
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await form().waitFor({ state: 'detached' });
    await row('vss-wrong').getByTestId('status').getByText('Fresh').waitFor({ timeout: 15_000 });
  });

  test('remove asks first, then deletes the account from the wallet', async () => {
    await chooseFromMenu('vao-dr', 'Remove…');
    const confirm = page.getByRole('dialog', { name: 'Remove vao-dr?' });
    assert.equal(await focusedName(page), 'Cancel', 'the safe choice has focus');
    await shot('07-confirm-remove');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await row('vao-dr').waitFor({ state: 'detached' });
    await said('Removed vao-dr and its secrets').waitFor();
    const listed = JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{ name: string }>;
    assert.deepEqual(listed.map((account) => account.name).sort(), ['sbc-lab', 'sensu-prod', 'vss-wrong']);
    assert.equal(veeam.stats.logouts, 1, 'the Veeam session was logged out');
  });

  test('dark theme follows the system', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(21, 24, 28)');
    await shot('08-dark');
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
