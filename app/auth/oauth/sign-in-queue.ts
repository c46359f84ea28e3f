import { Listeners } from '../../listeners';

/** Who is signing in now and who waits for their turn, by account name. */
export interface SignInQueueState {
  active: string | null;
  waiting: string[];
}

/**
 * At most one sign-in prompt at a time across accounts: a person can answer one browser tab or
 * device code at a time, and a second one opened meanwhile would only confuse them. Callers of one
 * account already share one sign-in (the wallet's one renewal per account); this serialises accounts.
 * A turn's own time-out (5 minutes) starts when its turn comes, not when it was queued.
 */
export class SignInQueue {
  private tail: Promise<void> = Promise.resolve();
  private active: string | null = null;
  private readonly waiting: string[] = [];
  private readonly listeners = new Listeners<SignInQueueState>();

  run<T>(account: string, work: () => Promise<T>): Promise<T> {
    this.waiting.push(account);
    this.changed();
    // Registered here, so the turn runs in this caller's async context (the agent relays its notices by it).
    const turn = this.tail.then(async () => {
      this.waiting.splice(this.waiting.indexOf(account), 1);
      this.active = account;
      this.changed();
      try {
        return await work();
      } finally {
        this.active = null;
        this.changed();
      }
    });
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  state(): SignInQueueState {
    return { active: this.active, waiting: [...this.waiting] };
  }

  onChange(listener: (state: SignInQueueState) => void): () => void {
    return this.listeners.add(listener);
  }

  private changed(): void {
    this.listeners.emit(this.state());
  }
}
