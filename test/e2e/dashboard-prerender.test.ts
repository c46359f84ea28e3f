import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import type { AccountView } from '../../app/model';
import { accountView } from '../helpers/account-view';
import { launchChromium } from '../helpers/browser';
import { startStubDashboard, type StubDashboard } from '../helpers/stub-dashboard';

/**
 * The host draws the page's first screen with the dashboard's own components, so the rows are in
 * the HTML: drawn before any script runs, then hydrated by React (kept, not drawn again) and
 * working. A long list (windowed) and a short one; a hostile name stays text.
 */
const hostile = '</div><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';

function accounts(count: number, now: number): AccountView[] {
  return Array.from({ length: count }, (_, index) =>
    accountView(
      { id: `id-${index}`, name: `acct-${String(index).padStart(3, '0')}`, expiresAt: now + 600_000 + index * 1000 },
      now,
    ),
  );
}

/** Console errors (React's hydration errors go there) and CSP refusals, from the page's start. */
async function watchProblems(context: BrowserContext, page: Page): Promise<string[]> {
  const problems: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`CSP refused ${event.violatedDirective}: ${event.sample}`),
    );
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

describe('dashboard: the host pre-renders the first screen', () => {
  let long: StubDashboard;
  let short: StubDashboard;
  let browser: Browser;

  before(async () => {
    const now = Date.now();
    long = await startStubDashboard(accounts(300, now));
    short = await startStubDashboard([
      accountView({ id: 'id-alpha', name: 'alpha' }, now),
      accountView({ id: 'id-hostile', name: hostile }, now),
    ]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await long?.close();
    await short?.close();
  });

  test('with scripts off, the first rows of a long list are already on the page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(long.server.openUrl);
    // The login page moves on by script; without scripts, go to the app page the cookie now opens.
    await page.goto(new URL('/', long.server.url).href);
    const rows = page.getByRole('listitem', { name: /^Account acct-/ });
    assert.ok((await rows.count()) >= 8, 'a screenful of rows came in the HTML');
    assert.ok((await rows.count()) < 40, 'only the first window, not 300 rows');
    await page.getByRole('button', { name: 'Copy token for acct-000' }).waitFor({ timeout: 5000 });
    assert.match(await page.getByRole('listitem', { name: 'Account acct-000' }).innerText(), /\b\d+m \d+s\b/);
    await context.close();
  });

  test('hydrated without a mismatch or a refused style; a pre-rendered row then works', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = await watchProblems(context, page);
    await page.goto(long.server.openUrl);
    await page.getByTestId('connection').getByText('Connected').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => performance.getEntriesByName('tw-interactive').length > 0);
    await page.getByRole('button', { name: 'Copy token for acct-002' }).click();
    await page.getByTestId('toast').waitFor({ timeout: 5000 });
    // The window follows scrolling: the last account comes into view at the bottom of the page.
    await page.keyboard.press('End');
    await page.getByRole('listitem', { name: 'Account acct-299' }).waitFor({ timeout: 5000 });
    assert.ok(await page.getByRole('listitem', { name: 'Account acct-299' }).isVisible());
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a short list hydrates too, and a hostile account name stays text', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watchProblems(context, page);
    await page.goto(short.server.openUrl);
    await page.waitForFunction(() => performance.getEntriesByName('tw-interactive').length > 0);
    await page.getByRole('listitem', { name: `Account ${hostile}` }).waitFor({ timeout: 5000 });
    assert.equal(await page.evaluate(() => (window as { pwned?: number }).pwned), undefined);
    assert.equal(await page.locator('#root img').count(), 0, 'no element from the name');
    await page.getByRole('button', { name: 'Copy token for alpha' }).click();
    await page.getByTestId('toast').waitFor({ timeout: 5000 });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('when the data behind the rows is gone (a page kept too long), the page draws itself', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watchProblems(context, page);
    await page.route('**/page-data?*', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(short.server.openUrl);
    await page.getByTestId('connection').getByText('Connected').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Copy token for alpha' }).click();
    await page.getByTestId('toast').waitFor({ timeout: 5000 });
    assert.equal(await page.getByRole('listitem', { name: 'Account alpha' }).count(), 1, 'one row, not two');
    assert.deepEqual(
      problems.filter((text) => !text.includes('404')),
      [],
    );
    await context.close();
  });
});
