import net from 'node:net';
import { walletMethods, type WalletApi, type WalletMethod } from '../contract';
import { WalletError, type ErrorKind } from '../errors';
import { agentSocketPath, agentTimeoutMs, dashboardLinkMethod, socketSafeToConnect, type AgentResponse } from './agent-socket';

export interface AgentConnection {
  api: WalletApi;
  /** A fresh one-time link to the running host's dashboard; null when it showed its own window instead. */
  dashboardLink(): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * The running agent's wallet, or null when no agent listens for this home. Refuses (throws) when
 * the home, the socket's directory or the socket is not this user's alone. Every call gives up
 * after `callTimeoutMs`, so a silent socket cannot hang the CLI.
 */
export async function connectAgent(home: string, timeoutMs = 1000, callTimeoutMs = agentTimeoutMs()): Promise<AgentConnection | null> {
  const socketPath = agentSocketPath(home);
  if (!socketSafeToConnect(home, socketPath)) return null;
  const socket = await new Promise<net.Socket | null>((resolve) => {
    const candidate = net.connect(socketPath);
    const timer = setTimeout(() => {
      candidate.destroy();
      resolve(null);
    }, timeoutMs);
    candidate.once('connect', () => {
      clearTimeout(timer);
      resolve(candidate);
    });
    candidate.once('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
  if (socket === null) return null;

  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      let response: AgentResponse;
      try {
        response = JSON.parse(buffer.slice(0, newline)) as AgentResponse;
      } catch {
        socket.destroy();
        return;
      }
      buffer = buffer.slice(newline + 1);
      const waiter = pending.get(response.id);
      if (waiter === undefined) continue;
      pending.delete(response.id);
      if ('error' in response) {
        waiter.reject(new WalletError(response.error.kind as ErrorKind, response.error.message, response.error.details));
      } else {
        waiter.resolve(response.result);
      }
    }
  });
  const failAll = (): void => {
    for (const waiter of pending.values()) waiter.reject(new WalletError('internal', 'the agent closed the connection'));
    pending.clear();
  };
  socket.on('close', failAll);
  socket.on('error', failAll);

  const call = (method: WalletMethod | typeof dashboardLinkMethod, params: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new WalletError('unreachable', `the agent did not answer within ${Math.round(callTimeoutMs / 100) / 10} s (socket ${socketPath})`));
      }, callTimeoutMs);
      timer.unref();
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      // JSON has no undefined: a trailing optional argument left out must not arrive as null.
      const sent = [...params];
      while (sent.length > 0 && sent[sent.length - 1] === undefined) sent.pop();
      socket.write(`${JSON.stringify({ id, method, params: sent })}\n`);
    });

  const api = Object.fromEntries(walletMethods.map((method) => [method, (...params: unknown[]) => call(method, params)])) as unknown as WalletApi;
  return {
    api,
    dashboardLink: async () => {
      const link = await call(dashboardLinkMethod, []);
      return typeof link === 'string' ? link : null;
    },
    close: async () => {
      socket.end();
      socket.destroy();
    },
  };
}
