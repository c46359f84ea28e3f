import path from 'node:path';
import { signInByText } from '../auth/oauth/session-end';
import { Listeners } from '../listeners';
import { log } from '../log/current';
import { readFileIfExists, writeFileAtomic } from '../store/files';
import { clampDelay, type Clock } from './clock';
import {
  decideSignInReminders,
  emptyReminderMemory,
  type ReminderAccount,
  type ReminderMemory,
  type SignInReminder,
} from './sign-in-reminders';

/** Looked at again at least this often, so a wall clock stepped forward (sleep, NTP) is noticed. */
const maxWaitMs = 3_600_000;
/** Bursts of wallet events (a renewal each) make one check. */
const debounceMs = 200;

export interface SignInReminderOptions {
  home: string;
  accounts(): Promise<readonly ReminderAccount[]>;
  clock: Clock;
}

/** The file that remembers which deadlines were announced: once per deadline, across restarts. */
export function reminderMemoryFile(home: string): string {
  return path.join(home, 'reminders.json');
}

async function readMemory(file: string): Promise<ReminderMemory> {
  try {
    const parsed = JSON.parse((await readFileIfExists(file)) ?? '{}') as { reminded?: unknown };
    const reminded: Record<string, number> = {};
    if (parsed.reminded !== null && typeof parsed.reminded === 'object') {
      for (const [id, at] of Object.entries(parsed.reminded)) if (typeof at === 'number') reminded[id] = at;
    }
    return { reminded };
  } catch {
    // A damaged file costs at most one repeated reminder.
    return emptyReminderMemory();
  }
}

/**
 * Runs the pure reminder decision for a host: at start, after wallet changes, and when the next
 * reminder falls due (one armed timer). The memory is written before the reminder is shown, so a
 * crash in between loses a reminder rather than repeating it.
 */
export class SignInReminderService {
  private memory: ReminderMemory | null = null;
  private timer: unknown = null;
  private debounce: unknown = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly listeners = new Listeners<SignInReminder>();

  constructor(private readonly options: SignInReminderOptions) {}

  /** Each host shows them its way: the agent logs a line, the app a desktop notification. */
  onReminder(listener: (reminder: SignInReminder) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Checks now; resolves when that check is done. */
  check(): Promise<void> {
    this.running = this.running
      .then(() => this.checkOnce())
      .catch((error: unknown) => {
        log.warn({ cause: error }, 'sign-in reminders could not be decided');
      });
    return this.running;
  }

  /** Resolves when the check under way (if any) is done. */
  idle(): Promise<void> {
    return this.running;
  }

  /** Something changed (a sign-in, a renewal, an edit): check soon. */
  poke(): void {
    if (this.stopped || this.debounce !== null) return;
    this.debounce = this.options.clock.setTimer(() => {
      this.debounce = null;
      void this.check();
    }, debounceMs);
  }

  stop(): void {
    this.stopped = true;
    for (const handle of [this.timer, this.debounce]) if (handle !== null) this.options.clock.clearTimer(handle);
    this.timer = this.debounce = null;
  }

  private async checkOnce(): Promise<void> {
    if (this.stopped) return;
    const file = reminderMemoryFile(this.options.home);
    this.memory ??= await readMemory(file);
    const now = this.options.clock.now();
    const decided = decideSignInReminders(this.memory, await this.options.accounts(), now, signInByText);
    if (JSON.stringify(decided.memory) !== JSON.stringify(this.memory)) {
      await writeFileAtomic(file, `${JSON.stringify(decided.memory)}\n`);
    }
    this.memory = decided.memory;
    for (const reminder of decided.reminders) this.listeners.emit(reminder);
    if (this.timer !== null) this.options.clock.clearTimer(this.timer);
    const wait = decided.nextCheckAt === null ? maxWaitMs : Math.min(maxWaitMs, decided.nextCheckAt - now);
    this.timer = this.stopped ? null : this.options.clock.setTimer(() => void this.check(), clampDelay(wait));
  }
}
