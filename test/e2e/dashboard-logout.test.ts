import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { startFake } from '../fakes/index';
import { seriousAxeViolations } from '../helpers/axe';
import { tempWalletHome } from '../helpers/cli-runner';
import { accountRows, openDashboardPage, type DashboardSession } from '../helpers/dashboard-page';

/** After a logout, toast and card say the same thing and keep saying it: nothing logs in behind the user's back. */
describe('dashboard logout', () => {
  let session: DashboardSession;
  let page: Page;
  let veeam: Awaited<ReturnType<typeof startFake<'veeam-vao'>>>;
  let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;
  const home = tempWalletHome('tw-e2e-logout-');

  const rows = () => accountRows(page);
  const row = (name: string) => rows().row(name);
  const status = (name: string) => rows().status(name);
  const said = () => rows().said();
  const add = (api: string, name: string, url: string, username: string) => rows().add(api, name, url, username);
  const chooseFromMenu = async (name: string, item: string) => {
    await row(name)
      .getByRole('button', { name: `More actions for ${name}` })
      .click();
    await page.getByRole('menuitem', { name: item }).click();
  };

  before(async () => {
    // Compressed lifetimes: a scheduler that logged back in would do so within the test's wait.
    [veeam, vss] = await Promise.all([
      startFake('veeam-vao', { lifetimeSec: 30 }),
      startFake('vss', { lifetimeSec: 30 }),
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

  test('after a logout the toast and the card both say "logged out", and it sticks', async () => {
    await chooseFromMenu('vao', 'Log out');
    await said()
      .getByText(/^Logged out vao\. Nothing renews it/)
      .waitFor();
    await status('vao').getByText('Logged out').waitFor();
    assert.match((await row('vao').getAttribute('class')) ?? '', /state-logged-out/);
    await page.getByRole('button', { name: '1 logged out' }).waitFor();
    const logins = veeam.stats.logins + veeam.stats.refreshes;
    await page.waitForTimeout(5000);
    assert.equal(await status('vao').innerText(), 'Logged out', 'the card still reads logged out');
    assert.match(await said().innerText(), /Logged out vao/, 'the toast still agrees with the card');
    assert.equal(veeam.stats.logins + veeam.stats.refreshes, logins, 'nothing logged in behind the user’s back');
    assert.deepEqual(await seriousAxeViolations(page), []);
  });

  test('an API without a logout says what really happened', async () => {
    await chooseFromMenu('vss', 'Log out');
    await said()
      .getByText(
        /^Logged out vss: UofT VSS has no logout, so the token was forgotten here; the server accepts it until \d/,
      )
      .waitFor();
    await status('vss').getByText('Logged out').waitFor();
  });

  test('"Log in" is offered after a logout and brings the account back', async () => {
    await chooseFromMenu('vao', 'Log in');
    await said()
      .getByText(/^Logged in vao: valid for/)
      .waitFor();
    await status('vao').getByText('Fresh').waitFor();
  });
});
