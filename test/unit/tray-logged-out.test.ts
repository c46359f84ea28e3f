import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountStatusLine, buildTrayMenu, trayTooltip } from '../../app/desktop/tray-menu';
import { accountView } from '../helpers/account-view';

const now = Date.parse('2026-01-01T12:00:00Z');

test('a logged-out account reads "logged out" in the tray and offers "Log in" instead of "Renew now"', () => {
  const account = accountView({ name: 'vss', status: 'logged-out', expiresAt: null, issuedAt: null });
  assert.equal(accountStatusLine(account, now), 'logged out');
  const [item] = buildTrayMenu([account], now);
  assert.equal(item?.label, 'vss (logged out)');
  const labels = (item?.submenu ?? []).map((entry) => entry.label);
  assert.ok(labels.includes('Log in'));
  assert.ok(!labels.includes('Renew now'));
  assert.deepEqual(item?.submenu?.find((entry) => entry.label === 'Log in')?.action, {
    type: 'login',
    accountId: account.id,
  });
  assert.equal(trayTooltip([account]), 'Token Wallet: 1 account', "a logout is the user's choice, not a problem");
});
