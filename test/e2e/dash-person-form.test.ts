import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright';
import { seriousAxeViolations } from '../helpers/axe';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import {
  clickAndType,
  focusedName,
  hasFocus,
  openDashboardWithSensu,
  type SensuDashboard,
} from '../helpers/dashboard-page';

/** What a screen reader says after a field's name: the texts its aria-describedby points at. */
function description(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter((id) => id !== '')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/**
 * A person fills the Add form with the keyboard and gets something wrong: the wrong password, a
 * server that does not answer, a field left empty. Nothing is saved behind their back, the error
 * is on the field it concerns (and read out with it), what they typed stays, and focus stays where
 * they can act on it.
 */
describe('dashboard Add form, mistakes made by a person', () => {
  let session: SensuDashboard | undefined;
  let page: Page;
  let sensu: SensuDashboard['sensu'];
  const home = tempWalletHome('tw-e2e-person-form-');
  const listed = async () => JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{ name: string }>;
  const form = () => page.getByRole('dialog', { name: 'Add account' });
  const field = (name: string | RegExp) =>
    form().getByRole('textbox', typeof name === 'string' ? { name, exact: true } : { name });

  before(async () => {
    session = await openDashboardWithSensu(home);
    ({ page, sensu } = session);
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
  });

  after(async () => {
    await session?.close();
  });

  // One test's failure leaves no dialog over the next one.
  afterEach(async () => {
    if ((await form().count()) > 0) await form().getByRole('button', { name: 'Cancel' }).click();
    await form().waitFor({ state: 'detached' });
  });

  const typeForm = async (name: string, url: string, password: string) => {
    await page.getByRole('button', { name: 'Add account', exact: true }).click();
    await form().getByRole('combobox', { name: 'API' }).selectOption({ label: 'Sensu Go' });
    await clickAndType(page, field('Name *'), name);
    await clickAndType(page, field('Base URL *'), url);
    await clickAndType(page, field(/User name/), 'alice');
    await clickAndType(page, form().getByLabel(/Password/), password);
  };

  test('an empty required field: the error is read out with the field, and focus goes to it', async () => {
    await page.getByRole('button', { name: 'Add account', exact: true }).click();
    await form().getByRole('combobox', { name: 'API' }).selectOption({ label: 'Sensu Go' });
    await clickAndType(page, form().getByLabel(/Password/), 's3cret-Pa55');
    await page.keyboard.press('Enter');
    await form().getByRole('alert').first().waitFor();
    assert.equal(await field('Name *').getAttribute('aria-invalid'), 'true');
    assert.match(await description(field('Name *')), /letters, digits/, 'the error is the field’s description');
    assert.match(await description(field('Base URL *')), /base URL is required/);
    assert.ok(await hasFocus(field('Name *')), `focus went to the first wrong field, not "${await focusedName(page)}"`);
    assert.deepEqual(await seriousAxeViolations(page), []);
  });

  test('a wrong password and Enter: nothing is saved, the error is on the password, the typing stays', async () => {
    await typeForm('sensu-wrong', sensu.url, 'not-the-password');
    await page.keyboard.press('Enter');
    const password = form().getByLabel(/Password/);
    await form()
      .getByRole('alert')
      .getByText(/credentials were rejected/)
      .waitFor();
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.match(await description(password), /credentials were rejected/);
    assert.match(await form().innerText(), /nothing was saved/i);
    assert.equal(await field('Name *').inputValue(), 'sensu-wrong', 'the name is still there');
    assert.equal(await field('Base URL *').inputValue(), sensu.url);
    assert.ok(await hasFocus(password), `focus is on the password to retype it, not "${await focusedName(page)}"`);
    assert.deepEqual(await listed(), [], 'the account was not saved with a rejected password');
    assert.deepEqual(await seriousAxeViolations(page), []);

    // Retyping the password and Enter saves it, checked: the card is fresh straight away.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('s3cret-Pa55');
    await page.keyboard.press('Enter');
    await form().waitFor({ state: 'detached' });
    await page
      .getByRole('listitem', { name: 'Account sensu-wrong' })
      .getByTestId('status')
      .getByText('Fresh')
      .waitFor();
    assert.deepEqual(
      (await listed()).map((account) => account.name),
      ['sensu-wrong'],
    );
  });

  test('a server that does not answer: the error is on the URL; "Save without checking" still saves', async () => {
    await typeForm('sensu-offline', 'http://127.0.0.1:9', 's3cret-Pa55');
    await page.keyboard.press('Enter');
    const url = field('Base URL *');
    await form()
      .getByRole('alert')
      .getByText(/connection refused/)
      .waitFor();
    assert.equal(await url.getAttribute('aria-invalid'), 'true');
    assert.match(await description(url), /connection refused/);
    assert.ok(await hasFocus(url), `focus is on the URL, not "${await focusedName(page)}"`);
    assert.equal(
      (await listed()).some((account) => account.name === 'sensu-offline'),
      false,
    );
    await form().getByRole('button', { name: 'Save without checking' }).press('Enter');
    await form().waitFor({ state: 'detached' });
    await page.getByRole('listitem', { name: 'Account sensu-offline' }).waitFor();
    assert.ok((await listed()).some((account) => account.name === 'sensu-offline'));
  });

  test('"Test credentials" from the keyboard: focus stays on the button while and after it checks', async () => {
    await typeForm('sensu-test', sensu.url, 'not-the-password');
    sensu.knobs.delayMs = 600;
    try {
      await page.keyboard.press('Shift+Tab'); // from the password back... then on to the button by Tab
      await page.keyboard.press('Tab');
      for (let presses = 0; presses < 10 && (await focusedName(page)) !== 'Test credentials'; presses += 1)
        await page.keyboard.press('Tab');
      assert.equal(await focusedName(page), 'Test credentials');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(200);
      assert.equal(await focusedName(page), 'Test credentials', 'focus is not dropped while the check runs');
      await form()
        .getByRole('alert')
        .getByText(/credentials were rejected/)
        .waitFor();
      assert.equal(await focusedName(page), 'Test credentials', 'nor after it');
      await page.keyboard.press('Tab');
      assert.equal(await focusedName(page), 'Save', 'Tab goes on inside the dialog');
    } finally {
      sensu.knobs.delayMs = 0;
    }
  });
  test('a stray Escape does not throw away what was typed: it asks, and a second Escape keeps editing', async () => {
    await page.getByRole('button', { name: 'Add account', exact: true }).click();
    await page.keyboard.type('Sensu');
    await page.keyboard.press('Tab');
    await page.keyboard.type('sensu-draft');
    await page.keyboard.press('Tab');
    await page.keyboard.type(sensu.url);
    await page.keyboard.press('Escape');
    await form().getByRole('alert').getByText('Discard what you typed?').waitFor();
    assert.equal(await focusedName(page), 'Keep editing', 'the safe answer has focus');
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.keyboard.press('Escape');
    assert.equal(await form().getByText('Discard what you typed?').count(), 0);
    assert.ok(await hasFocus(field('Base URL *')), `back where the typing was, not "${await focusedName(page)}"`);
    assert.equal(await field('Name *').inputValue(), 'sensu-draft');
    assert.equal(await field('Base URL *').inputValue(), sensu.url);

    // Asked again, "Discard" means it: the form closes, focus back on the button that opened it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Discard');
    await page.keyboard.press('Enter');
    await form().waitFor({ state: 'detached' });
    assert.equal(await focusedName(page), 'Add account');
    await page.keyboard.press('Enter');
    assert.equal(await field('Name *').inputValue(), '', 'a new form starts empty');
    await page.keyboard.press('Escape');
    await form().waitFor({ state: 'detached' });
  });
});
