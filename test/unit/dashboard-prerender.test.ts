import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InitialData } from '../../app/dashboard/initial-data';
import { providerCatalog } from '../../app/providers/registry';
import { firstWindowRows } from '../../renderer/components/account-list';
import { prerenderDashboard } from '../../renderer/prerender';
import { accountView } from '../helpers/account-view';

const now = 1_800_000_000_000;

function data(names: string[]): InitialData {
  const accounts = names.map((name, index) => accountView({ id: `id-${index}`, name }, now));
  return { revision: 'r.0', now, providers: providerCatalog(), accounts };
}

test('a long list: the first window of rows, in the default order, counted in the header', () => {
  const names = Array.from({ length: 500 }, (_, index) => `acct-${String(index).padStart(3, '0')}`);
  const html = prerenderDashboard(data(names));
  const rows = html.match(/<li class="account /g) ?? [];
  assert.equal(rows.length, firstWindowRows);
  assert.ok(html.includes('aria-label="Accounts (500)"'));
  assert.ok(html.includes('Copy token for acct-000'));
  assert.ok(!html.includes('Copy token for acct-499'), 'rows past the window are not drawn');
});

test('nothing the CSP would refuse: no style attribute anywhere in the first screen', () => {
  const html = prerenderDashboard(data(Array.from({ length: 80 }, (_, index) => `a${index}`)));
  assert.doesNotMatch(html, /\sstyle=/);
});

test('the same data and clock draw the same page (what hydration needs), and a name stays text', () => {
  const hostile = data(['</li><script>alert(1)</script>', 'plain']);
  const html = prerenderDashboard(hostile);
  assert.equal(prerenderDashboard(hostile), html);
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('&lt;/li&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
});
