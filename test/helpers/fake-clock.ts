import type { Clock } from '../../app/scheduler/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A controllable wall clock with timers. `advance` moves time and fires due timers in order,
 * letting promises settle between firings; `jump` moves the wall clock without firing anything,
 * as when a machine sleeps or NTP steps the clock.
 */
export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();
  readonly requestedDelays: number[] = [];
  firings = 0;

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): unknown {
    this.requestedDelays.push(delayMs);
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + delayMs, callback });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Lets pending promise callbacks (renewals in flight) run. */
  async settle(): Promise<void> {
    for (let round = 0; round < 20; round += 1) await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
  }

  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await this.settle();
      const next = [...this.timers.values()]
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (next === undefined) break;
      this.timers.delete(next.id);
      this.current = Math.max(this.current, next.at);
      this.firings += 1;
      next.callback();
    }
    this.current = target;
    await this.settle();
  }

  jump(ms: number): void {
    this.current += ms;
    // Monotonic timers keep their remaining delay across a jump; re-base them so they fire "as scheduled" in elapsed
    // time.
    for (const timer of this.timers.values()) timer.at += ms;
  }
}
