import { remindBeforeMs } from '../auth/oauth/session-end';
import { spanInWords } from '../common/format';
import { isInteractiveGrant, type AccountView } from '../model';

/**
 * Reminders before a browser/device account's sign-in is due (the refresh token's end or the
 * configured session maximum), as a pure function of the accounts, the clock and what was already
 * said. The memory is kept on disk by the caller, so a restart does not say it again.
 */
export interface SignInReminder {
  accountId: string;
  name: string;
  signInBy: number;
  title: string;
  body: string;
}

/** Per account: the deadline last announced (epoch ms). */
export interface ReminderMemory {
  reminded: Record<string, number>;
}

export function emptyReminderMemory(): ReminderMemory {
  return { reminded: {} };
}

export type ReminderAccount = Pick<AccountView, 'id' | 'name' | 'status' | 'options' | 'signInBy'>;

/**
 * Whether `signInBy` is the deadline already announced. A deadline that moved by less than the lead
 * (a server's idle timeout that each renewal pushes a little further) is the same one: it is said
 * again only once it has moved a whole lead away, e.g. after a new sign-in.
 */
function alreadySaid(remembered: number | undefined, signInBy: number, lead: number): boolean {
  return remembered !== undefined && Math.abs(signInBy - remembered) < lead;
}

export function decideSignInReminders(
  memory: ReminderMemory,
  accounts: readonly ReminderAccount[],
  now: number,
  whenText: (at: number) => string,
): { reminders: SignInReminder[]; memory: ReminderMemory; nextCheckAt: number | null } {
  const reminders: SignInReminder[] = [];
  const next: ReminderMemory = { reminded: {} };
  let nextCheckAt: number | null = null;
  for (const account of accounts) {
    const remembered = memory.reminded[account.id];
    if (remembered !== undefined) next.reminded[account.id] = remembered;
    const signInBy = account.signInBy ?? null;
    if (!isInteractiveGrant(account.options.grant) || account.status === 'logged-out' || signInBy === null) continue;
    if (signInBy <= now || alreadySaid(remembered, signInBy, remindBeforeMs(account))) continue;
    const lead = remindBeforeMs(account);
    const from = signInBy - lead;
    if (now < from) {
      nextCheckAt = nextCheckAt === null ? from : Math.min(nextCheckAt, from);
      continue;
    }
    reminders.push({
      accountId: account.id,
      name: account.name,
      signInBy,
      title: `${account.name}: sign in again by ${whenText(signInBy)}`,
      body:
        `The sign-in ends in ${spanInWords(signInBy - now)}. Sign in when it suits you: token-wallet login ` +
        `${account.name}, or Sign in in the tray or dashboard.`,
    });
    next.reminded[account.id] = signInBy;
  }
  return { reminders, memory: next, nextCheckAt };
}
