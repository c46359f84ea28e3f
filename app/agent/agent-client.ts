import net from 'node:net';
import { walletMethods, type WalletApi, type WalletMethod } from '../contract';
import { WalletError, type ErrorKind } from '../errors';
import { agentSocketPath, type AgentResponse } from './agent-socket';

export interface AgentConnection {
  api: WalletApi;
  close(): Promise<void>;
}

/** The running agent's wallet, or null when no agent listens for this home. */
export async function connectAgent(home: string, timeoutMs = 1000): Promise<AgentConnection | null> {
  const socketPath = agentSocketPath(home);
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
      const response = JSON.parse(buffer.slice(0, newline)) as AgentResponse;
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

  const call = (method: WalletMethod, params: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.write(`${JSON.stringify({ id, method, params })}\n`);
    });

  const api = Object.fromEntries(walletMethods.map((method) => [method, (...params: unknown[]) => call(method, params)])) as unknown as WalletApi;
  return {
    api,
    close: async () => {
      socket.end();
      socket.destroy();
    },
  };
}
