/**
 * The one request/response protocol of the agent socket (JSON lines) and the dashboard's WebSocket
 * (one JSON message per frame): `{id, method, params}` answered by `{id, result}` or `{id, error}`.
 * Pure (no Node, no DOM), so the agent client, both servers and the page share it.
 */
export interface RpcRequest {
  id: number;
  method: string;
  params: unknown[];
}

export type RpcResponse = { id: number; result: unknown } | { id: number; error: unknown };

/** Matches answers to calls; the transport only moves text. */
export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; timer?: ReturnType<typeof setTimeout> }
  >();

  constructor(
    private readonly send: (text: string) => void,
    private readonly options: {
      /** The error a call rejects with when its answer says `error`. */
      toError(error: unknown): Error;
      /** Give up on a call after this long (none when absent). */
      timeoutMs?: number;
      timeoutError?(method: string): Error;
    },
  ) {}

  call(method: string, params: readonly unknown[]): Promise<unknown> {
    // JSON has no undefined: a trailing optional argument left out must not arrive as null.
    const sent = [...params];
    while (sent.length > 0 && sent[sent.length - 1] === undefined) sent.pop();
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const waiter: {
        resolve(value: unknown): void;
        reject(error: Error): void;
        timer?: ReturnType<typeof setTimeout>;
      } = { resolve, reject };
      const { timeoutMs, timeoutError } = this.options;
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(timeoutError?.(method) ?? new Error(`no answer to ${method} within ${timeoutMs} ms`));
        }, timeoutMs);
        (waiter.timer as { unref?: () => void }).unref?.();
      }
      this.pending.set(id, waiter);
      this.send(JSON.stringify({ id, method, params: sent } satisfies RpcRequest));
    });
  }

  /** Settles the call an answer belongs to; false when it is not an answer to a pending call. */
  receive(message: unknown): boolean {
    if (message === null || typeof message !== 'object' || typeof (message as { id?: unknown }).id !== 'number')
      return false;
    const response = message as RpcResponse;
    const waiter = this.pending.get(response.id);
    if (waiter === undefined) return false;
    this.pending.delete(response.id);
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    if ('error' in response) waiter.reject(this.options.toError(response.error));
    else waiter.resolve(response.result);
    return true;
  }

  /** The peer says the call is still being worked on (a person is signing in): wait `ms` more from now. */
  keepWaiting(id: number, ms: number, timeoutError: () => Error): void {
    const waiter = this.pending.get(id);
    if (waiter === undefined || waiter.timer === undefined) return;
    clearTimeout(waiter.timer);
    waiter.timer = setTimeout(() => {
      this.pending.delete(id);
      waiter.reject(timeoutError());
    }, ms);
    (waiter.timer as { unref?: () => void }).unref?.();
  }

  /** The connection is gone: every pending call fails with this error. */
  failAll(error: Error): void {
    for (const waiter of this.pending.values()) {
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.pending.clear();
  }
}

/**
 * The server side of one message: parse, hand `method` and `params` to `handle` (which validates
 * them as untrusted input), and answer with the result or the error `errorOf` makes of a failure.
 * Null when the message is not JSON at all (the transport decides how to refuse it).
 */
export async function answerRpc(
  text: string,
  handle: (method: unknown, params: unknown) => Promise<unknown>,
  errorOf: (error: unknown) => unknown,
): Promise<RpcResponse | null> {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  if (message === null || typeof message !== 'object') return null;
  const { id, method, params } = message as { id?: unknown; method?: unknown; params?: unknown };
  const answerId = typeof id === 'number' ? id : 0;
  try {
    const result = await handle(method, params);
    return { id: answerId, result: result ?? null };
  } catch (error) {
    return { id: answerId, error: errorOf(error) };
  }
}

/** Splits a stream of text into lines; refuses a line longer than `maxBytes` (a peer flooding us). */
export class LineSplitter {
  private buffer = '';

  constructor(private readonly maxBytes: number) {}

  /** The complete lines in `chunk` (with what came before it); throws when one grows too long. */
  push(chunk: string): string[] {
    this.buffer += chunk;
    const lines: string[] = [];
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      lines.push(this.buffer.slice(0, newline));
      this.buffer = this.buffer.slice(newline + 1);
    }
    if (this.buffer.length > this.maxBytes) throw new RangeError('line too long');
    return lines;
  }
}
