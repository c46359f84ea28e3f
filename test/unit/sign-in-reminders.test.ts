import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { SignInReminderService } from '../../app/scheduler/sign-in-reminder-service';
import {
  decideSignInReminders,
  emptyReminderMemory,
  type ReminderAccount,
  type ReminderMemory,
  type SignInReminder,
} from '../../app/scheduler/sign-in-reminders';
import { FakeClock } from '../helpers/fake-clock';

const hour = 3_600_000;
const day = 24 * hour;
const now = Date.parse('2026-03-02T09:00:00Z');
const when = (at: number): string => new Date(at).toISOString();

const web: ReminderAccount = {
  id: 'a1',
  name: 'web',
  status: 'fresh',
  options: { grant: 'authorization_code' },
  signInBy: now + 3 * day,
};

function decide(memory: ReminderMemory, accounts: ReminderAccount[], at: number) {
  return decideSignInReminders(memory, accounts, at, when);
}

describe('the decision (pure, injected clock)', () => {
  test('a day before the deadline, once; not on later ticks', () => {
    const early = decide(emptyReminderMemory(), [web], now);
    assert.deepEqual(early.reminders, []);
    assert.equal(early.nextCheckAt, web.signInBy! - day, 'the next look is when the reminder falls due');
    const due = decide(early.memory, [web], now + 2 * day + hour);
    assert.equal(due.reminders.length, 1);
    assert.match(due.reminders[0]!.title, /^web: sign in again by 2026-03-05T09:00:00.000Z$/);
    assert.match(due.reminders[0]!.body, /23 h.*token-wallet login web/);
    assert.deepEqual(decide(due.memory, [web], now + 2 * day + 2 * hour).reminders, [], 'said once');
  });

  test('--remind-before moves the reminder; a past deadline says nothing', () => {
    const custom = { ...web, options: { ...web.options, remindBefore: '2h' } };
    assert.deepEqual(decide(emptyReminderMemory(), [custom], now + 2 * day + hour).reminders, []);
    assert.equal(decide(emptyReminderMemory(), [custom], now + 3 * day - hour).reminders.length, 1);
    assert.deepEqual(decide(emptyReminderMemory(), [custom], now + 3 * day + 1).reminders, []);
  });

  test('only browser/device accounts with a known deadline that are not logged out', () => {
    const at = now + 2 * day + hour;
    const accounts: ReminderAccount[] = [
      { ...web, id: 'p', options: { grant: 'password' } },
      { ...web, id: 'n', signInBy: null },
      { ...web, id: 'o', status: 'logged-out' },
      { ...web, id: 'd', name: 'tv', options: { grant: 'device_code' } },
    ];
    assert.deepEqual(
      decide(emptyReminderMemory(), accounts, at).reminders.map((r) => r.name),
      ['tv'],
    );
  });

  test('an idle deadline each renewal pushes a little is the same one; a new sign-in is a new one', () => {
    const first = decide(emptyReminderMemory(), [web], now + 2 * day + hour);
    assert.equal(first.reminders.length, 1);
    const pushed = { ...web, signInBy: web.signInBy! + 30 * 60_000 };
    assert.deepEqual(decide(first.memory, [pushed], now + 2 * day + 2 * hour).reminders, []);
    const newSession = { ...web, signInBy: web.signInBy! + 5 * day };
    const later = decide(first.memory, [newSession], now + 7 * day + hour);
    assert.equal(later.reminders.length, 1);
  });
});

describe('the service (fake clock, memory on disk)', () => {
  test('fires when due by its own timer, and not again after a restart for the same deadline', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'tw-remind-'));
    const clock = new FakeClock(now);
    const accounts = async (): Promise<ReminderAccount[]> => [web];
    const shown: SignInReminder[] = [];
    const first = new SignInReminderService({ home, accounts, clock });
    first.onReminder((reminder) => shown.push(reminder));
    await first.check();
    assert.equal(shown.length, 0);
    await clock.advance(2 * day + 1000);
    await first.idle();
    assert.equal(shown.length, 1, 'the armed timer fired at the reminder time');
    await clock.advance(hour);
    await first.check();
    assert.equal(shown.length, 1, 'not repeated on later checks');
    first.stop();

    const restarted = new SignInReminderService({ home, accounts, clock });
    restarted.onReminder((reminder) => shown.push(reminder));
    await restarted.check();
    assert.equal(shown.length, 1, 'not again after a restart');
    restarted.stop();
  });
});
