import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decideNotifications,
  emptyNotificationMemory,
  type NotificationInput,
  type NotificationMemory,
} from '../../app/scheduler/notifications';

const minute = 60_000;
const now = 1_000_000_000;

function run(memory: NotificationMemory, accounts: NotificationInput[], at = now) {
  return decideNotifications(memory, accounts, at);
}

const base: NotificationInput = {
  id: 'a',
  name: 'prod-vss',
  expiresAt: now + 60 * minute,
  autoRenews: true,
  state: 'ok',
};

test('nothing to say about a healthy, auto-renewing account', () => {
  assert.deepEqual(run(emptyNotificationMemory(), [{ ...base, expiresAt: now + 2 * minute }]).notifications, []);
});

test('a token that will not be renewed automatically warns once, five minutes ahead', () => {
  const onDemand = { ...base, autoRenews: false, expiresAt: now + 4 * minute };
  const first = run(emptyNotificationMemory(), [onDemand]);
  assert.deepEqual(
    first.notifications.map((n) => n.kind),
    ['expiring-soon'],
  );
  assert.match(first.notifications[0]?.title ?? '', /prod-vss: token expires in 4m/);
  assert.deepEqual(run(first.memory, [onDemand], now + minute).notifications, [], 'not again on the next tick');
  // A new token (new expiry) is a new cause.
  const renewed = { ...onDemand, expiresAt: now + 20 * minute };
  assert.deepEqual(
    run(first.memory, [renewed], now + 16 * minute).notifications.map((n) => n.kind),
    ['expiring-soon'],
  );
  assert.deepEqual(
    run(emptyNotificationMemory(), [{ ...onDemand, expiresAt: now + 6 * minute }]).notifications,
    [],
    'not earlier than the lead',
  );
  assert.deepEqual(
    run(emptyNotificationMemory(), [{ ...onDemand, expiresAt: now - 1 }]).notifications,
    [],
    'not once expired',
  );
});

test('failing renewal, then recovery, each announced once', () => {
  const failing = { ...base, state: 'failing' as const, lastError: 'connection refused' };
  const first = run(emptyNotificationMemory(), [failing]);
  assert.deepEqual(
    first.notifications.map((n) => n.kind),
    ['renewal-failing'],
  );
  assert.match(first.notifications[0]?.body ?? '', /connection refused/);
  const second = run(first.memory, [failing]);
  assert.deepEqual(second.notifications, []);
  const recovered = run(second.memory, [base]);
  assert.deepEqual(
    recovered.notifications.map((n) => n.kind),
    ['recovered'],
  );
  assert.deepEqual(run(recovered.memory, [base]).notifications, []);
});

test('rejected credentials are announced once, with the expiring warning when the token is near its end', () => {
  const rejected = {
    ...base,
    state: 'attention' as const,
    lastError: 'Invalid username and password combination.',
    expiresAt: now + 3 * minute,
  };
  const first = run(emptyNotificationMemory(), [rejected]);
  assert.deepEqual(
    first.notifications.map((n) => n.kind),
    ['credentials-rejected', 'expiring-soon'],
  );
  assert.match(first.notifications[0]?.body ?? '', /Invalid username and password/);
  assert.deepEqual(run(first.memory, [rejected]).notifications, []);
});

test('a failing episode that turns into rejected credentials says so', () => {
  const first = run(emptyNotificationMemory(), [{ ...base, state: 'failing' }]);
  const second = run(first.memory, [{ ...base, state: 'attention' }]);
  assert.deepEqual(
    second.notifications.map((n) => n.kind),
    ['credentials-rejected'],
  );
});

test('a removed account is forgotten', () => {
  const first = run(emptyNotificationMemory(), [{ ...base, state: 'failing' }]);
  assert.deepEqual(run(first.memory, []).memory, { accounts: {} });
});
