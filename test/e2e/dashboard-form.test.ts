import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { seriousAxeViolations } from '../helpers/axe';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import {
  clickAndType,
  focusedName,
  hasFocus,
  openDashboardWithSensu,
  type SensuDashboard,
} from '../helpers/dashboard-page';

/** The Add/Edit form typed into as a person does: click, type, Tab, Shift+Tab, Enter, Escape. */
describe('dashboard account form, typed into', () => {
  let session: SensuDashboard | undefined;
  let page: Page;
  let sensu: SensuDashboard['sensu'];
  const home = tempWalletHome('tw-e2e-form-');

  before(async () => {
    session = await openDashboardWithSensu(home);
    ({ page, sensu } = session);
    await page.getByRole('button', { name: 'Add your first account' }).waitFor();
  });

  after(async () => {
    await session?.close();
  });

  const dialog = () => page.getByRole('dialog', { name: 'Add account' });

  test('typed text stays where it is typed: focus does not jump back to the API select', async () => {
    await page.getByRole('button', { name: 'Add account', exact: true }).click();
    const name = dialog().getByRole('textbox', { name: 'Name *', exact: true });
    await name.click();
    await page.keyboard.type('sensu-prod');
    assert.equal(await name.inputValue(), 'sensu-prod');
    assert.ok(await hasFocus(name), `focus stayed in Name (it is on "${await focusedName(page)}")`);
    const url = dialog().getByRole('textbox', { name: 'Base URL *' });
    await url.click();
    await page.keyboard.type(sensu.url);
    assert.equal(await url.inputValue(), sensu.url);
  });

  test('Tab and Shift+Tab move between fields in order', async () => {
    await dialog().getByRole('textbox', { name: 'Name *', exact: true }).click();
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Base URL *');
    await page.keyboard.press('Tab');
    assert.match(await focusedName(page), /User name/);
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    assert.match(await focusedName(page), /Password/);
    await page.keyboard.type('s3cret-Pa55');
    await page.keyboard.press('Shift+Tab');
    assert.match(await focusedName(page), /User name/);
    assert.equal(
      await dialog()
        .getByRole('textbox', { name: /User name/ })
        .inputValue(),
      'alice',
    );
    assert.deepEqual(await seriousAxeViolations(page), []);
  });

  test('Escape cancels and returns focus to the button that opened the form', async () => {
    // Something is typed: Escape asks first (dash-person-form tests that); Discard closes.
    await page.keyboard.press('Escape');
    await dialog().getByRole('button', { name: 'Discard' }).press('Enter');
    await dialog().waitFor({ state: 'detached' });
    assert.equal(await focusedName(page), 'Add account');
    assert.equal(JSON.parse((await runCli(['list', '--json'], { home })).stdout).length, 0, 'nothing was saved');
  });

  test('Enter in a field submits the form', async () => {
    await page.getByRole('button', { name: 'Add account', exact: true }).click();
    await page.keyboard.type('Sensu'); // the API select has focus: type-ahead picks Sensu Go
    await page.keyboard.press('Tab');
    await page.keyboard.type('sensu-prod');
    await page.keyboard.press('Tab');
    await page.keyboard.type(sensu.url);
    await page.keyboard.press('Tab');
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    await page.keyboard.type('s3cret-Pa55');
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await page.getByRole('listitem', { name: 'Account sensu-prod' }).waitFor();
  });

  test('a bad name and URL are explained beside their fields as you leave them', async () => {
    await page.getByRole('button', { name: 'Add account', exact: true }).click();
    await clickAndType(page, dialog().getByRole('textbox', { name: 'Name *', exact: true }), 'bad name!');
    await clickAndType(page, dialog().getByRole('textbox', { name: 'Base URL *' }), 'ftp://example');
    await page.keyboard.press('Tab');
    assert.match(await dialog().getByRole('alert').first().innerText(), /letters, digits/);
    assert.match(await dialog().getByRole('alert').nth(1).innerText(), /https/);
    await dialog().getByRole('button', { name: 'Cancel' }).press('Enter');
    await dialog().waitFor({ state: 'detached' });
  });
});
