import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page, WebSocketRoute } from 'playwright';
import { accountView } from '../helpers/account-view';
import { launchChromium } from '../helpers/browser';
import { startStubDashboard, type StubDashboard } from '../helpers/stub-dashboard';

/**
 * The page carries its first accounts, so the first rows wait for no WebSocket round trip (the
 * 1,000-account first render budget of `npm run bench`); the socket then only confirms the data is
 * current, or reloads it when the host changed something in between.
 */
const names = ['alpha', 'bravo', 'charlie'];

/** The page's socket, with what the page sends through it; `connect: false` leaves it silent. */
async function routeSocket(
  page: Page,
  options: { connect: boolean; beforeConnect?: () => void },
): Promise<{ sent: Array<{ method?: string }> }> {
  const sent: Array<{ method?: string }> = [];
  await page.routeWebSocket('**/ws', (socket: WebSocketRoute) => {
    if (!options.connect) return;
    options.beforeConnect?.();
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      sent.push(JSON.parse(String(message)) as { method?: string });
      server.send(message);
    });
  });
  return { sent };
}

describe('dashboard first render from the page data', () => {
  let stub: StubDashboard;
  let browser: Browser;

  before(async () => {
    stub = await startStubDashboard(names.map((name) => accountView({ name, id: `id-${name}` }, Date.now())));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stub?.close();
  });

  test('the rows are shown before the socket has said anything', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await routeSocket(page, { connect: false });
    await page.goto(stub.server.openUrl);
    for (const name of names)
      await page.getByRole('listitem', { name: `Account ${name}` }).waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('connection').innerText(), 'Connecting…', 'no socket message was needed');
    await context.close();
  });

  test('with nothing changed since the page was made, the socket asks for no list', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { sent } = await routeSocket(page, { connect: true });
    await page.goto(stub.server.openUrl);
    await page.getByTestId('connection').getByText('Connected').waitFor({ timeout: 15_000 });
    // An action of the person's goes through the same socket after any reload would have.
    await page.getByRole('button', { name: 'Copy token for alpha' }).click();
    for (let wait = 0; wait < 50 && !sent.some((message) => message.method === 'copy'); wait += 1)
      await page.waitForTimeout(100);
    assert.ok(
      sent.some((message) => message.method === 'copy'),
      'the copy went through the socket',
    );
    assert.deepEqual(
      sent.filter((message) => message.method === 'list' || message.method === 'providers'),
      [],
      'the page data was current: nothing reloaded',
    );
    await context.close();
  });

  test('an account added between the page and its socket appears: the page reloads', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const added = accountView({ name: 'delta', id: 'id-delta' }, Date.now());
    const { sent } = await routeSocket(page, {
      connect: true,
      beforeConnect: () => {
        stub.accounts = [...stub.accounts, added];
        stub.emit({ type: 'account', account: added });
      },
    });
    await page.goto(stub.server.openUrl);
    await page.getByRole('listitem', { name: 'Account delta' }).waitFor({ timeout: 15_000 });
    assert.ok(
      sent.some((message) => message.method === 'list'),
      'the page asked for the list again',
    );
    await context.close();
  });
});
