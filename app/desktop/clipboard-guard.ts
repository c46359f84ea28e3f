/**
 * Clears a copied secret from the clipboard after a while, but only if the clipboard still holds
 * what we put there: something the user copied since is never touched.
 */
export interface ClipboardPort {
  readText(): string;
  /** Writes the text, marked as concealed where the platform has a convention for it. */
  writeSecret(text: string): void;
  clear(): void;
}

export interface TimerPort {
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export function shouldClear(current: string, ours: string | null): boolean {
  return ours !== null && current === ours;
}

export class ClipboardGuard {
  private ours: string | null = null;
  private timer: unknown = null;

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly timers: TimerPort,
  ) {}

  copy(text: string, clearAfterMs: number): void {
    this.clipboard.writeSecret(text);
    this.ours = text;
    if (this.timer !== null) this.timers.clearTimer(this.timer);
    this.timer = clearAfterMs > 0 ? this.timers.setTimer(() => this.expire(), clearAfterMs) : null;
  }

  /** Called on quit too: a secret we left behind goes with us. */
  expire(): void {
    this.timer = null;
    if (shouldClear(this.clipboard.readText(), this.ours)) this.clipboard.clear();
    this.ours = null;
  }
}
