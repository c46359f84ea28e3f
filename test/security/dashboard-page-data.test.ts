import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accountView } from '../helpers/account-view';
import { httpGet } from '../helpers/http-get';
import { startStubDashboard, type StubDashboard } from '../helpers/stub-dashboard';

/**
 * A pre-rendered page carries its rows and only a link to the data they were drawn from: fetched
 * once, after the first paint, with the page's session. Nobody else gets it: not without the
 * session, not a second time, not by guessing; and hostile values in the rows are text.
 */
const breakout = '</script><img id="breakout" src="x"><script>window.pwned=1</script>';

describe('pre-rendered page: the data behind its rows', () => {
  let stub: StubDashboard;
  let cookie: string;

  before(async () => {
    const account = accountView({
      name: 'vss-prod',
      username: `ops${breakout}`,
      lastError: { kind: 'unexpected', message: `server said ${breakout}`, at: 0 },
      status: 'attention',
    });
    stub = await startStubDashboard([account]);
    const login = await httpGet(stub.server.openUrl);
    cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  });
  after(async () => {
    await stub.close();
  });

  /** The page, and the data link it carries. */
  async function pageAndLink(): Promise<{ body: string; link: string }> {
    const page = await httpGet(stub.server.url, cookie);
    assert.equal(page.status, 200);
    const link = /"dataUrl":"(\/page-data\?k=[A-Za-z0-9_-]{20,})"/.exec(page.body)?.[1];
    assert.ok(link !== undefined, 'the page links its data');
    return { body: page.body, link };
  }

  test('the rows show hostile values as text; the page holds no copy of the data', async () => {
    const { body } = await pageAndLink();
    assert.ok(body.includes('Account vss-prod'), 'the row is in the page');
    assert.ok(body.includes('ops&lt;/script&gt;&lt;img id=&quot;breakout&quot;'), 'the user name, as text');
    assert.doesNotMatch(body, /<img|<script>window/, 'no markup from a value');
    assert.doesNotMatch(body, /"accounts":/, 'the data is fetched, not embedded');
  });

  test('the data goes once, to the session that has the page, and to nobody guessing', async () => {
    const { link } = await pageAndLink();
    const anonymous = await httpGet(new URL(link, stub.server.url).href);
    assert.equal(anonymous.status, 401);
    assert.doesNotMatch(anonymous.body, /vss-prod/);
    const first = await httpGet(new URL(link, stub.server.url).href, cookie);
    assert.equal(first.status, 200);
    assert.equal(first.headers['cache-control'], 'no-store');
    assert.equal(first.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual((JSON.parse(first.body) as { accounts: unknown[] }).accounts, stub.accounts);
    const again = await httpGet(new URL(link, stub.server.url).href, cookie);
    assert.equal(again.status, 404, 'used once');
    const guessed = await httpGet(new URL('/page-data?k=AAAAAAAAAAAAAAAAAAAAAAAA', stub.server.url).href, cookie);
    assert.equal(guessed.status, 404);
    assert.doesNotMatch(guessed.body + again.body, /vss-prod/);
  });
});
