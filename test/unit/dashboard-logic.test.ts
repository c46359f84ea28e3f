import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { AccountView } from '../../app/model';
import { checkForm } from '../../renderer/components/account-form';
import { visibleRange } from '../../renderer/components/account-list';
import { countByGroup, groupOf, visibleAccounts } from '../../renderer/account-state';
import { clipboardWords, logoutWords } from '../../renderer/actions';
import { resetDashboard, toastAgrees } from '../../renderer/store';
import { countdown, liveStatus } from '../../app/common/account-time';
import { formatDuration } from '../../app/common/format';
import { accountView } from '../helpers/account-view';

const view = (partial: Partial<AccountView>): AccountView => accountView(partial);

beforeEach(() => resetDashboard());

test('time left reads naturally at every scale', () => {
  assert.equal(formatDuration(59_400, { countdown: true }), '59s');
  assert.equal(formatDuration(598_000, { countdown: true }), '9m 58s');
  assert.equal(formatDuration(300_000, { countdown: true }), '5m 00s');
  assert.equal(formatDuration(2 * 3600_000 + 5 * 60_000, { countdown: true }), '2h 5m');
  assert.equal(formatDuration(3 * 86_400_000 + 4 * 3600_000, { countdown: true }), '3d 4h');
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
  assert.equal(
    liveStatus({ ...account, status: 'attention' }, 700_000),
    'attention',
    'other states stay as the host said',
  );
});

test('filter, state and sort', () => {
  const accounts = [
    view({ id: 'b', name: 'beta', issuedAt: 0, expiresAt: 100_000 }),
    view({ id: 'a', name: 'alpha', issuedAt: 0, expiresAt: 900_000, provider: 'sensu' }),
    view({ id: 'c', name: 'gamma', expiresAt: null, issuedAt: null, status: 'logged-out' }),
  ];
  const query = { filter: '', sort: 'time-left', group: null } as const;
  assert.deepEqual(
    visibleAccounts(accounts, query, 0).map((a) => a.name),
    ['gamma', 'beta', 'alpha'],
  );
  assert.deepEqual(
    visibleAccounts(accounts, { ...query, sort: 'name' }, 0).map((a) => a.name),
    ['alpha', 'beta', 'gamma'],
  );
  assert.deepEqual(
    visibleAccounts(accounts, { ...query, filter: 'SENSU' }, 0).map((a) => a.name),
    ['alpha'],
  );
  assert.deepEqual(
    visibleAccounts(accounts, { ...query, group: 'logged-out' }, 0).map((a) => a.name),
    ['gamma'],
  );
  assert.deepEqual(
    visibleAccounts(accounts, { ...query, group: 'expiring' }, 60_000).map((a) => a.name),
    ['beta'],
    'beta aged into expiring',
  );
});

test('each status has its state: offline reads as retrying; counts follow the clock', () => {
  assert.equal(groupOf('offline'), 'retrying');
  assert.equal(groupOf('attention'), 'attention');
  assert.equal(groupOf('logged-out'), 'logged-out');
  const accounts = [
    view({ issuedAt: 0, expiresAt: 600_000 }),
    view({ status: 'offline' }),
    view({ status: 'logged-out', expiresAt: null }),
  ];
  assert.deepEqual(countByGroup(accounts, 0), {
    fresh: 1,
    expiring: 0,
    retrying: 1,
    attention: 0,
    'logged-out': 1,
    idle: 0,
  });
  assert.equal(countByGroup(accounts, 590_000).expiring, 1);
});

test('a toast about an account goes when the card stops showing what it said', () => {
  const toast = {
    id: 1,
    text: 'Logged out vss',
    tone: 'ok',
    about: { accountId: 'x', statuses: ['logged-out'] },
  } as const;
  assert.equal(toastAgrees(toast, { x: view({ id: 'x', status: 'logged-out' }) }), true);
  assert.equal(toastAgrees(toast, { x: view({ id: 'x', status: 'fresh' }) }), false);
  assert.equal(toastAgrees(toast, {}), false);
});

test('toasts say truthfully what happened', () => {
  assert.match(
    clipboardWords({ expiresAt: 0, clearAfterMs: 30_000, text: 't' }),
    /stays on the clipboard until you copy something else/,
  );
  assert.doesNotMatch(clipboardWords({ expiresAt: 0, clearAfterMs: 30_000, text: 't' }), /cleared/);
  assert.match(clipboardWords({ expiresAt: 0, clearAfterMs: 30_000 }), /cleared in 30 s/);
  const before = view({ name: 'vss', expiresAt: Date.now() + 600_000 });
  const after = view({ name: 'vss', status: 'logged-out', expiresAt: null });
  assert.match(
    logoutWords(before, after, false, 'UofT VSS'),
    /UofT VSS has no logout, so the token was forgotten here; the server accepts it until/,
  );
  assert.match(logoutWords(before, after, true, 'Veeam'), /^Logged out vss\. Nothing renews/);
  assert.match(logoutWords(before, view({ name: 'vss', status: 'fresh' }), true, 'Veeam'), /now reads “Fresh”/);
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
  assert.deepEqual(
    visibleRange(1000, 100, 60, 200_000, 800),
    { start: 1000, end: 1000 },
    'scrolled past the list: nothing',
  );
});
