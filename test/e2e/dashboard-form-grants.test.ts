import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { startOidcServer, type OidcServer } from '../fakes/oidc-server';
import { seriousAxeViolations } from '../helpers/axe';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import {
  accountRows,
  clickAndType,
  focusedName,
  openDashboardPage,
  type DashboardSession,
} from '../helpers/dashboard-page';
import { recordingOpener } from '../helpers/oidc-signin';

/**
 * The Add form for an OpenID Connect server, typed into as a person does: the Grant select decides
 * which fields appear (no password for a client or a browser sign-in), a client secret reaches the
 * wallet, and a browser account is saved without a check and waits for its sign-in.
 */
describe('dashboard Add form: fields for the chosen grant', () => {
  let session: DashboardSession;
  let page: Page;
  let server: OidcServer;
  const home = tempWalletHome('tw-e2e-form-grants-');
  const opener = recordingOpener();
  const dialog = () => page.getByRole('dialog', { name: 'Add account' });
  const passwordFields = () => dialog().getByLabel(/password/i);

  before(async () => {
    server = await startOidcServer();
    session = await openDashboardPage(home, { env: opener.env });
    page = session.page;
    await page.getByRole('button', { name: 'Add your first account' }).waitFor();
  });
  after(async () => {
    await session?.close();
    await server?.close();
  });

  /** Opens the form, picks OpenID Connect by typing on the API select, and Tabs to the Grant select. */
  async function openOidcForm(): Promise<void> {
    await page.getByRole('button', { name: 'Add account', exact: true }).first().click();
    assert.equal(await focusedName(page), 'API');
    await page.keyboard.type('OpenID');
    assert.equal(await dialog().getByRole('combobox', { name: 'API' }).inputValue(), 'oidc');
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Grant');
  }

  test('client credentials: no user name or password; the client secret gets a token from the server', async () => {
    await openOidcForm();
    const grant = dialog().getByRole('combobox', { name: 'Grant' });
    assert.equal(await grant.inputValue(), 'authorization_code', 'a browser sign-in first, as the CLI chooses');
    await page.keyboard.type('Client');
    assert.equal(await grant.inputValue(), 'client_credentials');
    assert.equal(await passwordFields().count(), 0, 'no password field for a client');
    assert.equal(
      await dialog()
        .getByRole('textbox', { name: /User name/ })
        .count(),
      0,
    );
    assert.equal(await dialog().getByRole('textbox', { name: 'Maximum session' }).count(), 0);
    await page.keyboard.press('Tab');
    await page.keyboard.type('svc');
    await clickAndType(page, dialog().getByRole('textbox', { name: 'Issuer', exact: true }), server.issuer);
    await clickAndType(page, dialog().getByRole('textbox', { name: 'Client ID', exact: true }), 'tw-service');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await dialog().getByTestId('error-clientSecret').innerText(), /needs the client secret/);
    await clickAndType(page, dialog().getByLabel('Client secret *'), 'tw-service-secret');
    const grantsBefore = server.stats.clientCredentialsGrants;
    await dialog().getByRole('button', { name: 'Test credentials' }).click();
    await dialog().getByText('Credentials accepted by the server.').waitFor();
    assert.equal(server.stats.clientCredentialsGrants, grantsBefore + 1, 'the check asked the server');
    assert.deepEqual(await seriousAxeViolations(page), []);
    await dialog().getByLabel('Client secret *').click();
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await accountRows(page).status('svc').getByText('Fresh').waitFor();
    assert.ok(server.stats.clientCredentialsGrants > grantsBefore + 1, 'the saved account got its own token');
    assert.deepEqual(server.stats.clientAuthMethods.slice(-1), ['client_secret_basic']);
    const token = (await runCli(['token', 'svc'], { home })).stdout.trim();
    assert.ok(await server.isActive(token), 'the server knows the token the account holds');
  });

  test('authorization code: no password; saved without a check, the account waits for its sign-in', async () => {
    await openOidcForm();
    assert.equal(await dialog().getByRole('combobox', { name: 'Grant' }).inputValue(), 'authorization_code');
    assert.equal(await passwordFields().count(), 0, 'a browser sign-in sends no password');
    assert.equal(
      await dialog()
        .getByRole('textbox', { name: /User name/ })
        .count(),
      0,
    );
    assert.equal(await dialog().getByRole('textbox', { name: 'Maximum session' }).count(), 1);
    assert.ok(await dialog().getByRole('button', { name: 'Test credentials' }).isDisabled(), 'nothing to check');
    await page.keyboard.press('Tab');
    await page.keyboard.type('web');
    await clickAndType(page, dialog().getByRole('textbox', { name: 'Issuer', exact: true }), server.issuer);
    await clickAndType(page, dialog().getByRole('textbox', { name: 'Client ID', exact: true }), 'tw-browser');
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await accountRows(page).row('web').getByRole('button', { name: 'Sign in to web' }).waitFor();
    assert.equal(opener.count(), 0, 'no browser opened by itself: signing in is the person’s choice');
    const saved = JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{
      name: string;
      url: string;
      options: Record<string, string>;
    }>;
    const web = saved.find((account) => account.name === 'web');
    assert.equal(web?.options.grant, 'authorization_code');
    assert.equal(web?.url, server.issuer, 'the base URL defaults to the issuer, as with the CLI');
  });
});
