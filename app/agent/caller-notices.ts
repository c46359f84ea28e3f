import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Lines for the person behind the agent request under way: a device code and where to enter it,
 * or "sign in in the browser window that opened". The agent's own stderr is usually not where that
 * person looks, so the line goes back over their socket, to their CLI's stderr. The request's async
 * context carries the way back (the sign-in runs inside it, queued turns included).
 */
const callers = new AsyncLocalStorage<(text: string) => void>();

export function withCallerNotices<T>(send: (text: string) => void, work: () => Promise<T>): Promise<T> {
  return callers.run(send, work);
}

/** Sends a line to the caller whose request this runs for; nothing when none (the scheduler, the app's own UI). */
export function noticeToCaller(text: string): void {
  callers.getStore()?.(text);
}

/** A notice line on the agent socket: no top-level id, so a client that does not know it ignores it. */
export interface AgentNotice {
  notice: { id: number; text: string };
}

/**
 * How long a CLI keeps waiting once the agent says a sign-in is under way (the device flow's longest wait, and a
 * minute).
 */
export const signInWaitMs = 16 * 60_000;
