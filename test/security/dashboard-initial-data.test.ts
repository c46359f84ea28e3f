import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright';
import { scriptSafeJson } from '../../app/dashboard/initial-data';
import { providerCatalog } from '../../app/providers/registry';
import { accountView } from '../helpers/account-view';
import { httpGet } from '../helpers/http-get';
import { launchChromium } from '../helpers/browser';
import { startStubDashboard, type StubDashboard } from '../helpers/stub-dashboard';

/**
 * The app page carries the first accounts as JSON. Account names are restricted, but a recipe's
 * label, a server's error message or a user name are not: none may end the data element and
 * put markup or script in the page.
 */
const breakout = '</script><img id="breakout" src="x"><script>window.pwned=1</script><!--';
const hostileLabel = `Evil ${breakout} </SCRIPT > <!-- <script>`;

describe('initial data in the dashboard page', () => {
  let stub: StubDashboard;
  let cookie: string;

  before(async () => {
    const providers = providerCatalog().map((meta) => (meta.kind === 'vss' ? { ...meta, label: hostileLabel } : meta));
    const account = accountView({
      name: 'vss-prod',
      provider: 'vss',
      username: `ops${breakout}`,
      lastError: { kind: 'unexpected', message: `server said ${breakout}`, at: 0 },
    });
    stub = await startStubDashboard([account], providers, { prerender: false });
    const login = await httpGet(stub.server.openUrl);
    cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  });
  after(async () => {
    await stub.close();
  });

  test('the page carries the list as escaped JSON that cannot end its element', async () => {
    const page = await httpGet(stub.server.url, cookie);
    assert.equal(page.status, 200);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/, 'no inline script allowed: the data is never executed');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-hashes|nonce-/);
    // The one inline thing allowed is the page's own stylesheet, by its hash.
    assert.match(csp, /style-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    const opening = '<script type="application/json" id="tw-initial">';
    const start = page.body.indexOf(opening);
    assert.ok(start > 0, 'the page embeds its initial data');
    const end = page.body.indexOf('</script>', start);
    const json = page.body.slice(start + opening.length, end);
    assert.doesNotMatch(json, /[<>]/, 'no markup character inside the element');
    const data = JSON.parse(json) as { accounts: unknown[]; providers: Array<{ kind: string; label: string }> };
    assert.deepEqual(data.accounts, stub.accounts, 'the same projection the socket sends');
    assert.equal(data.providers.find((meta) => meta.kind === 'vss')?.label, hostileLabel, 'the label survives intact');
    const outside = page.body.slice(0, start) + page.body.slice(end);
    assert.doesNotMatch(outside, /breakout|pwned/, 'nothing hostile appears outside the data');
    assert.equal(page.body.split('</script>').length - 1, 2, 'the module script and the data, nothing more');
  });

  test('without the session the page carries no data', async () => {
    const page = await httpGet(stub.server.url);
    assert.equal(page.status, 401);
    assert.doesNotMatch(page.body, /tw-initial|vss-prod/);
  });

  test('the escaping keeps every value and every character that could end the element out', () => {
    const value = { text: `a</script>b<!--c-->&\u2028\u2029<SCRIPT>` };
    const escaped = scriptSafeJson(value);
    assert.doesNotMatch(escaped, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(escaped), value);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => {
      await browser.close();
    });

    test('the hostile label shows as text, and no element or script came out of the data', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(stub.server.openUrl);
      const row = page.getByRole('listitem', { name: 'Account vss-prod' });
      await row.waitFor({ timeout: 15_000 });
      assert.equal(await row.locator('.account-kind').innerText(), hostileLabel.replace(/\s+/g, ' ').trim());
      assert.equal(await page.locator('#breakout').count(), 0, 'no element broke out of the data');
      assert.equal(await page.evaluate(() => (window as { pwned?: number }).pwned), undefined);
      assert.equal(await page.locator('#tw-initial').count(), 0, 'the data element is read once and removed');
      assert.deepEqual(violations, [], 'the page needs nothing the CSP refuses');
      await context.close();
    });
  });
});
