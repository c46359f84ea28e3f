import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { seriousAxeViolations } from '../helpers/axe';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { focusedName, openDashboardWithSensu, type SensuDashboard, tabTo } from '../helpers/dashboard-page';

/** Add an account, edit it, copy its token and remove it with the keyboard alone: no click anywhere. */
describe('dashboard without a mouse', () => {
  let session: SensuDashboard | undefined;
  let page: Page;
  let sensu: SensuDashboard['sensu'];
  const home = tempWalletHome('tw-e2e-kb-');
  const listed = async () => JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{ name: string }>;
  const saved = () =>
    (
      JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')) as {
        accounts: Array<{ policy?: { onDemandOnly?: boolean } }>;
      }
    ).accounts;

  before(async () => {
    session = await openDashboardWithSensu(home);
    ({ page, sensu } = session);
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
  });

  after(async () => {
    await session?.close();
  });

  test('add, edit, copy the token and remove, keyboard only', async () => {
    // Add: Tab to the button, Enter; type-ahead picks the API; Tab between fields; Enter saves.
    await tabTo(page, 'Add account');
    await page.keyboard.press('Enter');
    const addForm = page.getByRole('dialog', { name: 'Add account' });
    await addForm.waitFor();
    assert.equal(await focusedName(page), 'API', 'focus starts on the first field');
    await page.keyboard.type('Sensu');
    assert.equal(await addForm.getByRole('combobox', { name: 'API' }).inputValue(), 'sensu');
    for (const text of ['kb-sensu', sensu.url, 'alice', 's3cret-Pa55']) {
      await page.keyboard.press('Tab');
      await page.keyboard.type(text);
    }
    await page.keyboard.press('Enter');
    await addForm.waitFor({ state: 'detached' });
    assert.equal(await focusedName(page), 'Add account', 'focus is back on the button that opened the form');
    const row = page.getByRole('listitem', { name: 'Account kb-sensu' });
    await row.getByTestId('status').getByText('Fresh').waitFor();

    // Edit: the row's menu, arrows to "Edit…", Enter; Space ticks a box; Enter on Save.
    await tabTo(page, 'More actions for kb-sensu');
    await page.keyboard.press('Enter');
    assert.equal(await focusedName(page), 'Copy curl command', 'the menu opens on its first item');
    await tabTo(page, 'Edit…', 10, 'ArrowDown');
    await page.keyboard.press('Enter');
    const editForm = page.getByRole('dialog', { name: 'Edit kb-sensu' });
    await editForm.waitFor();
    await tabTo(page, /Renew on demand only/);
    await page.keyboard.press('Space');
    await tabTo(page, 'Save');
    await page.keyboard.press('Enter');
    await editForm.waitFor({ state: 'detached' });
    assert.equal(await focusedName(page), 'More actions for kb-sensu', 'focus is back on the menu button');
    assert.equal(saved()[0]?.policy?.onDemandOnly, true, 'the edit was saved');

    // Copy: the primary action is one Shift+Tab away.
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedName(page), 'Copy token for kb-sensu');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('live-region')
      .getByText(/Copied token for kb-sensu/)
      .waitFor();
    const token = (await runCli(['token', 'kb-sensu'], { home })).stdout.trim();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
    assert.equal(await focusedName(page), 'Copy token for kb-sensu', 'focus stays on the button while it works');

    // Shift+Tab out of an open menu closes it and goes on backwards, past its own button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedName(page), 'Copy curl command');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedName(page), 'Copy token for kb-sensu');
    assert.equal(await page.getByRole('menu').count(), 0, 'the menu closed');

    // Remove: ArrowUp opens the menu on its last item; the confirmation starts on Cancel.
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focusedName(page), 'Remove…');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Remove kb-sensu?' }).waitFor();
    assert.equal(await focusedName(page), 'Cancel');
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Remove');
    await page.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('live-region').getByText('Removed kb-sensu and its secrets').waitFor();
    assert.deepEqual(await listed(), []);
    assert.equal(await focusedName(page), 'Filter accounts', 'focus lands somewhere useful, not on the page body');
  });
});
