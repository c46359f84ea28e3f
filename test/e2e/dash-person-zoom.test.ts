import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { seriousAxeViolations } from '../helpers/axe';
import { tempWalletHome } from '../helpers/cli-runner';
import {
  accountRows,
  focusedName,
  openDashboardWithSensu,
  type SensuDashboard,
  tabTo,
} from '../helpers/dashboard-page';

/** Where an element is on screen, and whether all of it is inside the window. */
function box(page: Page, selector: string) {
  return page.evaluate((css) => {
    const element = document.querySelector(css);
    if (element === null) return null;
    const rect = element.getBoundingClientRect();
    return {
      top: rect.top,
      bottom: rect.bottom,
      left: rect.left,
      right: rect.right,
      inside: rect.top >= 0 && rect.left >= 0 && rect.bottom <= innerHeight && rect.right <= innerWidth,
    };
  }, selector);
}

/**
 * A 1280 × 800 window at 200 % zoom is a 640 × 400 CSS-pixel page (WCAG 1.4.10 reflow). A person
 * using the keyboard there opens each row's menu and walks back up the list with Shift+Tab.
 */
describe('dashboard at 200 % zoom, keyboard only', () => {
  let session: SensuDashboard | undefined;
  let page: Page;
  let sensu: SensuDashboard['sensu'];
  const home = tempWalletHome('tw-e2e-person-zoom-');
  const names = ['z1', 'z2', 'z3', 'z4'];

  before(async () => {
    session = await openDashboardWithSensu(home);
    ({ page, sensu } = session);
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    for (const name of names) await accountRows(page).add('Sensu Go', name, sensu.url, 'alice');
    await page.getByRole('combobox', { name: 'Sort' }).selectOption('name');
    await page.getByTestId('live-region').getByText('Added z4').waitFor({ state: 'detached', timeout: 15_000 });
    await page.setViewportSize({ width: 640, height: 400 });
  });

  after(async () => {
    await session?.close();
  });

  test('every row’s menu opens where it can be seen, all of its items reachable', async () => {
    await page.getByRole('heading', { name: 'Token Wallet' }).click();
    for (const name of names) {
      await tabTo(page, `More actions for ${name}`, 80);
      await page.keyboard.press('Enter');
      await page.getByRole('menu', { name: `More actions for ${name}` }).waitFor();
      assert.equal(await focusedName(page), 'Copy curl command');
      const menu = await box(page, '[role="menu"]');
      assert.ok(menu?.inside, `${name}: the menu is inside the window (${JSON.stringify(menu)})`);
      await page.keyboard.press('End');
      assert.equal(await focusedName(page), 'Remove…');
      const last = await box(page, '[role="menuitem"]:focus');
      const shown = await box(page, '[role="menu"]');
      assert.ok(
        last?.inside && shown !== null && last.top >= shown.top && last.bottom <= shown.bottom + 1,
        `${name}: its last item can be seen (${JSON.stringify(last)} in ${JSON.stringify(shown)})`,
      );
      if (name === 'z3') assert.deepEqual(await seriousAxeViolations(page), []);
      await page.keyboard.press('Escape');
      assert.equal(await focusedName(page), `More actions for ${name}`);
    }
  });

  test('a scroll while a menu is open keeps it by its button; out of view, it closes', async () => {
    await page.getByRole('heading', { name: 'Token Wallet' }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await tabTo(page, 'More actions for z2', 80);
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'More actions for z2' });
    await menu.waitFor();
    const startY = await page.evaluate(() => window.scrollY);
    await page.evaluate(() => window.scrollBy(0, 24));
    await page.waitForTimeout(300);
    assert.ok((await page.evaluate(() => window.scrollY)) > startY, 'the page scrolled');
    assert.ok(await menu.isVisible(), 'the menu stays open');
    const shown = await box(page, '[role="menu"]');
    const button = await box(page, 'button[aria-label="More actions for z2"]');
    assert.ok(
      shown?.inside === true && button !== null && (shown.top >= button.bottom - 1 || shown.bottom <= button.top + 1),
      `the menu is by its button, all of it in the window (${JSON.stringify(shown)}, button ${JSON.stringify(button)})`,
    );
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await menu.waitFor({ state: 'hidden', timeout: 2000 });
  });

  // 400 px high (the header scrolls away) and 600 px (it sticks, and the page keeps room under it).
  for (const height of [400, 600])
    test(`walking back up with Shift+Tab (${height} px high), no focused control is hidden under the header`, () =>
      walkBackUp(height));

  const walkBackUp = async (height: number) => {
    await page.setViewportSize({ width: 640, height });
    await page.getByRole('heading', { name: 'Token Wallet' }).click();
    await tabTo(page, 'More actions for z4', 80);
    for (let presses = 0; presses < 12; presses += 1) {
      await page.keyboard.press('Shift+Tab');
      const focused = await focusedName(page);
      if (focused === 'Add account') break;
      const header = await box(page, 'header.top');
      const control = await box(page, ':focus');
      assert.ok(
        header !== null && control !== null && (control.top >= header.bottom || control.bottom <= header.top),
        `"${focused}" is not under the header (header ${JSON.stringify(header)}, control ${JSON.stringify(control)})`,
      );
    }
  };

  test('while a toast shows, Tab never leaves the focused control hidden under it', async () => {
    await page.setViewportSize({ width: 640, height: 400 });
    await page.getByRole('heading', { name: 'Token Wallet' }).click();
    await tabTo(page, 'Copy token for z2', 80);
    await page.keyboard.press('Enter');
    await page
      .getByTestId('toast')
      .getByText(/Copied token for z2/)
      .waitFor();
    const checked: string[] = [];
    for (let presses = 0; presses < 10; presses += 1) {
      await page.keyboard.press('Tab');
      const toast = await box(page, '[data-testid="toast"]');
      if (toast === null) break;
      const control = await box(page, ':focus');
      if (control === null) break; // Tab went past the page's last control
      const clear =
        control.bottom <= toast.top ||
        control.top >= toast.bottom ||
        control.right <= toast.left ||
        control.left >= toast.right;
      const name = await focusedName(page);
      assert.ok(clear, `"${name}" is not under the toast (${JSON.stringify({ control, toast })})`);
      checked.push(name);
    }
    assert.ok(checked.includes('More actions for z4'), `the last row was reached (${checked.join(', ')})`);
  });

  test('no horizontal scrolling at 320 px wide, with a dialog open too', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = () =>
      page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
    const list = await widths();
    assert.ok(list.scroll <= list.client, `the list fits (${JSON.stringify(list)})`);
    await page.getByRole('button', { name: 'Add account', exact: true }).click();
    const dialog = await box(page, '[role="dialog"]');
    assert.ok(
      dialog !== null && dialog.left >= 0 && dialog.right <= 320,
      `the dialog fits (${JSON.stringify(dialog)})`,
    );
    await page.keyboard.press('Escape');
  });
});
