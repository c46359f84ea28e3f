import type { Browser, BrowserContext, Locator, Page } from 'playwright';
import { startFake } from '../fakes/index';
import { launchChromium } from './browser';
import { startDashboard, type DashboardProcess } from './dashboard-process';

/** A running `token-wallet dashboard` and one Chromium tab on it. */
export interface DashboardSession {
  dashboard: DashboardProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openDashboardPage(
  home: string,
  options: { clipboard?: boolean; env?: Record<string, string> } = {},
): Promise<DashboardSession> {
  const dashboard = await startDashboard(home, options.env);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (options.clipboard !== false)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: dashboard.origin });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(dashboard.openUrl);
  return {
    dashboard,
    browser,
    context,
    page,
    close: async () => {
      await browser.close();
      await dashboard.stop();
    },
  };
}

export type SensuDashboard = DashboardSession & { sensu: Awaited<ReturnType<typeof startFake<'sensu'>>> };

/**
 * The dashboard tests' usual start: a Sensu fake (5-minute tokens) and a tab on the home's
 * dashboard; close() ends both.
 */
export async function openDashboardWithSensu(home: string): Promise<SensuDashboard> {
  const sensu = await startFake('sensu', { lifetimeSec: 300 });
  const session = await openDashboardPage(home);
  return {
    ...session,
    sensu,
    close: async () => {
      await session.close();
      await sensu.close();
    },
  };
}

/** Clicks into a field and types as a person does; what was there is selected first, so it is replaced. */
export async function clickAndType(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Whether the element is the one with keyboard focus. */
export function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/** The accessible-ish name of the focused element: its aria-label, its label's text or its own text. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (element === null) return '';
    const labelled = element.getAttribute('aria-label');
    if (labelled !== null) return labelled;
    const label = element.id === '' ? null : document.querySelector(`label[for="${element.id}"]`);
    return (label?.textContent ?? element.textContent ?? '').trim();
  });
}

/** Presses Tab until the focused control has this name (at most `limit` presses). */
export async function tabTo(page: Page, name: string | RegExp, limit = 40, key = 'Tab'): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    const current = await focusedName(page);
    if (typeof name === 'string' ? current === name : name.test(current)) return;
    await page.keyboard.press(key);
  }
  throw new Error(
    `no control named ${String(name)} within ${limit} presses of ${key} (focus on "${await focusedName(page)}")`,
  );
}

/** The account rows of the dashboard, found as a person (or a screen reader) finds them. */
export function accountRows(page: Page) {
  const row = (name: string) => page.getByRole('listitem', { name: `Account ${name}` });
  const status = (name: string) => row(name).getByTestId('status');
  return {
    row,
    status,
    said: () => page.getByTestId('live-region'),
    /** Adds an account through the form, typing as a person does, and waits for its card to read "Fresh". */
    async add(api: string, name: string, url: string, username: string): Promise<void> {
      await page.getByRole('button', { name: 'Add account', exact: true }).click();
      const form = page.getByRole('dialog', { name: 'Add account' });
      await form.getByRole('combobox', { name: 'API' }).selectOption({ label: api });
      await clickAndType(page, form.getByRole('textbox', { name: 'Name *', exact: true }), name);
      await clickAndType(page, form.getByRole('textbox', { name: 'Base URL *' }), url);
      await clickAndType(page, form.getByRole('textbox', { name: /User name/ }), username);
      await clickAndType(page, form.getByLabel(/Password/), 's3cret-Pa55');
      await page.keyboard.press('Enter');
      await form.waitFor({ state: 'detached' });
      await status(name).getByText('Fresh').waitFor();
    },
  };
}
