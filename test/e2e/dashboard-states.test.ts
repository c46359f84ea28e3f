import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { startFake } from '../fakes/index';
import { seriousAxeViolations } from '../helpers/axe';
import { tempWalletHome } from '../helpers/cli-runner';
import { accountRows, focusedName, openDashboardPage, type DashboardSession } from '../helpers/dashboard-page';

/** What the dashboard says matches what happened: the clipboard, the counts per state, the filter. */
describe('dashboard counts, filter and clipboard text', () => {
  let session: DashboardSession;
  let page: Page;
  let veeam: Awaited<ReturnType<typeof startFake<'veeam-vao'>>>;
  let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;
  const home = tempWalletHome('tw-e2e-states-');

  const rows = () => accountRows(page);
  const row = (name: string) => rows().row(name);
  const said = () => rows().said();
  const add = (api: string, name: string, url: string, username: string) => rows().add(api, name, url, username);

  before(async () => {
    [veeam, vss] = await Promise.all([
      startFake('veeam-vao', { lifetimeSec: 600 }),
      startFake('vss', { lifetimeSec: 600 }),
    ]);
    session = await openDashboardPage(home);
    page = session.page;
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    await add('Veeam Orchestrator', 'vao', veeam.url, 'vao\\alice');
    await add('UofT VSS', 'vss', vss.url, 'alice');
  });

  after(async () => {
    await session?.close();
    await Promise.all([veeam?.close(), vss?.close()]);
  });

  test('the counts filter by state; "/" focuses the filter box, typing filters, Escape clears', async () => {
    const fresh = page.getByRole('group', { name: 'Accounts by state' }).getByRole('button', { name: '2 fresh' });
    await fresh.click();
    assert.equal(await fresh.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('listitem', { name: /^Account / }).count(), 2, 'the fresh accounts are listed');
    await page.getByRole('searchbox', { name: 'Filter accounts' }).click();
    await page.keyboard.type('vss');
    assert.equal(await page.getByRole('listitem', { name: /^Account / }).count(), 1, 'state and text filters combine');
    await page.keyboard.press('Escape');
    assert.deepEqual(await seriousAxeViolations(page), []);
    await fresh.click();
    assert.equal(await fresh.getAttribute('aria-pressed'), 'false');
    await page.getByRole('heading', { name: 'Token Wallet' }).click();
    await page.keyboard.press('/');
    assert.equal(await focusedName(page), 'Filter accounts');
    await page.keyboard.type('vao');
    assert.deepEqual(
      await page
        .getByRole('listitem', { name: /^Account / })
        .evaluateAll((rows) => rows.map((each) => each.getAttribute('aria-label'))),
      ['Account vao'],
    );
    await page.keyboard.press('Escape');
    assert.equal(await page.getByRole('listitem', { name: /^Account / }).count(), 2);
  });

  test('browser mode: the clipboard text says what happens, and it does (nothing clears it at 30 s)', async () => {
    await row('vao').getByRole('button', { name: 'Copy token for vao' }).click();
    const toast = said().getByText(/^Copied token for vao/);
    await toast.waitFor();
    const text = await toast.innerText();
    assert.match(text, /It stays on the clipboard until you copy something else\./);
    assert.doesNotMatch(text, /cleared/, 'no promise the page cannot keep');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.length > 10);
    await page.waitForTimeout(31_000);
    assert.equal(
      await page.evaluate(() => navigator.clipboard.readText()),
      copied,
      'still on the clipboard after 30 s, as said',
    );
  });
});
