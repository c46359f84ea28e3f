/** Time as the scheduler sees it: the wall clock plus one-shot timers. Tests inject a fake. */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Node's timers overflow above 2^31-1 ms (about 24.8 days) and then fire after 1 ms: never pass more. */
export const maxTimerDelayMs = 2 ** 31 - 1;

export function clampDelay(delayMs: number): number {
  if (!Number.isFinite(delayMs) || delayMs < 0) return 0;
  return Math.min(delayMs, maxTimerDelayMs);
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => {
    const timer = setTimeout(callback, clampDelay(delayMs));
    // The scheduler never keeps a process alive by itself; the agent's server does.
    timer.unref();
    return timer;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
