import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { AccountView } from '../../app/model';
import type { UiMethod } from '../../app/ui-contract';
import { connectDashboard, resetDashboard, useDashboard } from '../../renderer/store';
import type { Transport } from '../../renderer/transport';
import { accountView } from '../helpers/account-view';

beforeEach(() => resetDashboard());

/** A host that answers `list` and `providers`, records the calls, and says when it is ready. */
function fakeHost(accounts: AccountView[]): {
  transport: Transport;
  calls: UiMethod[];
  ready(revision?: string): void;
} {
  const calls: UiMethod[] = [];
  const listeners = new Set<(state: 'ready' | 'lost', revision?: string) => void>();
  return {
    calls,
    ready: (revision) => {
      for (const listener of listeners) listener('ready', revision);
    },
    transport: {
      call: async (method) => {
        calls.push(method);
        return method === 'list' ? accounts : [];
      },
      onEvent: () => () => undefined,
      onConnection: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('without page data (the Electron window) the dashboard loads through its transport', async () => {
  const host = fakeHost([accountView({ name: 'a', id: 'a' })]);
  await connectDashboard(host.transport);
  assert.deepEqual(Object.keys(useDashboard.getState().accounts), ['a']);
  assert.deepEqual(host.calls.sort(), ['list', 'providers']);
});

test('page data shows at once; the socket at the same revision reloads nothing, a later one reloads', async () => {
  const host = fakeHost([accountView({ name: 'a', id: 'a' }), accountView({ name: 'b', id: 'b' })]);
  await connectDashboard(host.transport, {
    revision: 'run.3',
    now: Date.now(),
    providers: [],
    accounts: [accountView({ name: 'a', id: 'a' })],
  });
  assert.deepEqual(Object.keys(useDashboard.getState().accounts), ['a'], 'before any socket message');
  host.ready('run.3');
  await settle();
  assert.deepEqual(host.calls, [], 'the page data is current');
  assert.equal(useDashboard.getState().connection, 'ready');
  // A re-connection always reloads: the host may have changed anything meanwhile.
  host.ready('run.3');
  await settle();
  assert.deepEqual(host.calls.sort(), ['list', 'providers']);
  assert.deepEqual(Object.keys(useDashboard.getState().accounts).sort(), ['a', 'b']);
});

test('an event between the page and its socket makes the page reload', async () => {
  const host = fakeHost([accountView({ name: 'b', id: 'b' })]);
  await connectDashboard(host.transport, { revision: 'run.3', now: Date.now(), providers: [], accounts: [] });
  host.ready('run.4');
  await settle();
  assert.deepEqual(Object.keys(useDashboard.getState().accounts), ['b']);
});
