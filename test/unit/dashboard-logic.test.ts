import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { AccountView } from '../../app/model';
import { checkForm } from '../../renderer/components/account-form';
import { visibleRange } from '../../renderer/components/account-list';
import { resetDashboard, useDashboard, visibleAccounts } from '../../renderer/store';
import { countdown, formatTimeLeft, liveStatus } from '../../renderer/time-left';
import { accountView } from '../helpers/account-view';

const view = (partial: Partial<AccountView>): AccountView => accountView(partial);

beforeEach(() => resetDashboard());

test('time left reads naturally at every scale', () => {
  assert.equal(formatTimeLeft(59_400), '59s');
  assert.equal(formatTimeLeft(598_000), '9m 58s');
  assert.equal(formatTimeLeft(2 * 3600_000 + 5 * 60_000), '2h 5m');
  assert.equal(formatTimeLeft(3 * 86_400_000 + 4 * 3600_000), '3d 4h');
});

test('the countdown and its bar come from the same clock reading', () => {
  assert.deepEqual(countdown(view({ issuedAt: 0, expiresAt: 600_000 }), 300_000), { text: '5m 00s', percent: 50 });
  assert.deepEqual(countdown(view({ expiresAt: 600_000 }), 600_001), { text: 'expired', percent: 0 });
  assert.deepEqual(countdown(view({ issuedAt: null, expiresAt: null }), 0), { text: '—', percent: 0 });
});

test('a fresh token ages into expiring and expired without waiting for the host', () => {
  const account = view({ issuedAt: 0, expiresAt: 600_000 });
  assert.equal(liveStatus(account, 100_000), 'fresh');
  assert.equal(liveStatus(account, 550_000), 'expiring', 'under the 60 s minimum');
  assert.equal(liveStatus(account, 600_000), 'expired');
  assert.equal(liveStatus({ ...account, status: 'attention' }, 700_000), 'attention', 'other states stay as the host said');
});

test('search and sort', () => {
  useDashboard.setState({
    accounts: {
      b: view({ id: 'b', name: 'beta', expiresAt: 100 }),
      a: view({ id: 'a', name: 'alpha', expiresAt: 900, provider: 'sensu' }),
      c: view({ id: 'c', name: 'gamma', expiresAt: null, issuedAt: null }),
    },
  });
  const state = useDashboard.getState();
  assert.deepEqual(visibleAccounts({ ...state, sort: 'time-left' }).map((a) => a.name), ['gamma', 'beta', 'alpha']);
  assert.deepEqual(visibleAccounts({ ...state, sort: 'name' }).map((a) => a.name), ['alpha', 'beta', 'gamma']);
  assert.deepEqual(visibleAccounts({ ...state, filter: 'SENSU' }).map((a) => a.name), ['alpha']);
});

test('the form checks names and URLs like the core does', () => {
  assert.deepEqual(checkForm({ name: 'ok-name', url: 'https://h.example' }), {});
  assert.match(checkForm({ name: '-bad', url: 'https://h' }).name ?? '', /letters/);
  assert.match(checkForm({ name: 'ok', url: 'ftp://h' }).url ?? '', /https/);
  assert.match(checkForm({ name: 'ok', url: 'http://remote.example' }).url ?? '', /Plain http/);
  assert.deepEqual(checkForm({ name: 'ok', url: 'http://127.0.0.1:8080' }), {});
  assert.match(checkForm({ name: 'ok', url: '' }).url ?? '', /required/);
});

test('a long list renders only the rows in view, with a margin', () => {
  assert.deepEqual(visibleRange(1000, 100, 60, 0, 800), { start: 0, end: 14 });
  assert.deepEqual(visibleRange(1000, 100, 60, 50_000, 800), { start: 493, end: 514 });
  assert.deepEqual(visibleRange(1000, 100, 60, 99_300, 800), { start: 986, end: 1000 });
  assert.deepEqual(visibleRange(1000, 100, 60, 200_000, 800), { start: 1000, end: 1000 }, 'scrolled past the list: nothing');
});
