import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { seriousAxeViolations } from '../helpers/axe';
import { tempWalletHome } from '../helpers/cli-runner';
import { openDashboardPage, type DashboardSession } from '../helpers/dashboard-page';

/** A tab left open after its dashboard stopped says so and how to get a fresh link, not "no accounts". */
describe('dashboard whose host has gone', () => {
  let session: DashboardSession;
  let page: Page;

  before(async () => {
    session = await openDashboardPage(tempWalletHome('tw-e2e-lost-'));
    page = session.page;
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
  });

  after(async () => {
    await session?.close();
  });

  test('the page says it is not connected and how to get a working link', async () => {
    await session.dashboard.stop();
    const alert = page.getByRole('alert').filter({ hasText: 'Not connected to Token Wallet' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /token-wallet dashboard/);
    assert.equal(await page.getByRole('heading', { name: 'No accounts yet' }).count(), 0, 'no empty wallet is shown');
    assert.deepEqual(await seriousAxeViolations(page), []);
  });
});
