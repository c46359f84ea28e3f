import net from 'node:net';
import { walletMethods, type WalletApi, type WalletMethod } from '../contract';
import { WalletError, type ErrorKind } from '../errors';
import { LineSplitter, RpcClient } from '../common/rpc';
import { signInWaitMs, type AgentNotice } from './caller-notices';
import {
  agentSocketPath,
  agentTimeoutMs,
  dashboardLinkMethod,
  maxLineBytes,
  socketSafeToConnect,
} from './agent-socket';

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
// Over 60 lines on purpose: one connection's life (connect, lines, notices, time-outs, close).
// eslint-disable-next-line max-lines-per-function
export async function connectAgent(
  home: string,
  timeoutMs = 1000,
  callTimeoutMs = agentTimeoutMs(),
  onNotice?: (text: string) => void,
): Promise<AgentConnection | null> {
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

  const rpc = new RpcClient((text) => socket.write(`${text}\n`), {
    toError: (error) => {
      const { kind, message, details } = error as {
        kind: ErrorKind;
        message: string;
        details: Record<string, unknown>;
      };
      return new WalletError(kind, message, details);
    },
    timeoutMs: callTimeoutMs,
    timeoutError: () =>
      new WalletError(
        'unreachable',
        `the agent did not answer within ${Math.round(callTimeoutMs / 100) / 10} s (socket ${socketPath})`,
      ),
  });
  const lines = new LineSplitter(maxLineBytes);
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    try {
      for (const line of lines.push(chunk)) {
        const message: unknown = JSON.parse(line);
        if (!isNotice(message)) rpc.receive(message);
        else {
          // A person is signing in for this call: show them what the agent says, and wait for them.
          onNotice?.(message.notice.text);
          rpc.keepWaiting(message.notice.id, signInWaitMs, () => new WalletError('credentials', 'no sign-in in time'));
        }
      }
    } catch {
      // Not our protocol (or a flood): drop the connection; pending calls fail below.
      socket.destroy();
    }
  });
  const failAll = (): void => rpc.failAll(new WalletError('internal', 'the agent closed the connection'));
  socket.on('close', failAll);
  socket.on('error', failAll);
  const call = (method: WalletMethod | typeof dashboardLinkMethod, params: unknown[]): Promise<unknown> =>
    rpc.call(method, params);

  const api = Object.fromEntries(
    walletMethods.map((method) => [method, (...params: unknown[]) => call(method, params)]),
  ) as unknown as WalletApi;
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

function isNotice(message: unknown): message is AgentNotice {
  const notice = (message as Partial<AgentNotice> | null)?.notice;
  return (
    typeof notice === 'object' && notice !== null && typeof notice.id === 'number' && typeof notice.text === 'string'
  );
}
