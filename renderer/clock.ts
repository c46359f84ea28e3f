import { create } from 'zustand';

/** One clock for every countdown: a single timer, and rows select only the text they show. */
export const useClock = create<{ now: number }>(() => ({ now: Date.now() }));

let timer: ReturnType<typeof setInterval> | null = null;

export function startClock(intervalMs = 1000): () => void {
  if (timer === null) timer = setInterval(() => useClock.setState({ now: Date.now() }), intervalMs);
  return () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
}
