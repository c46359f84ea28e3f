import { promises as fs } from 'node:fs';
import net from 'node:net';
import { dispatch, validateRequest } from '../contract-validation';
import type { WalletApi } from '../contract';
import { WalletError, toWalletError } from '../errors';
import { answerRpc, LineSplitter } from '../common/rpc';
import { withCallerNotices, type AgentNotice } from './caller-notices';
import {
  agentSocketPath,
  dashboardLinkMethod,
  maxLineBytes,
  prepareSocketDirectories,
  type AgentResponse,
  listenPrivately,
} from './agent-socket';

/** Hands out a fresh one-time dashboard link (or shows the host's own window and gives null). */
export type DashboardLinkProvider = () => Promise<string | null>;

export interface AgentServer {
  socketPath: string;
  /** What a second `token-wallet dashboard` gets from this host. */
  offerDashboard(provider: DashboardLinkProvider): void;
  close(): Promise<void>;
}

async function socketInUse(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** An error as it crosses the socket: kind, one line, details (never a stack). */
function errorBody(error: unknown): { kind: string; message: string; details: Record<string, unknown> } {
  const walletError = toWalletError(error);
  return { kind: walletError.kind, message: walletError.message, details: { ...walletError.details } };
}

function errorResponse(id: number, error: unknown): AgentResponse {
  return { id, error: errorBody(error) };
}

/**
 * Serves the wallet API on the home's socket, so the CLI and the app share one session per account.
 * The socket is owner-only; every request is validated like any other untrusted input.
 */
export async function startAgentServer(home: string, api: WalletApi): Promise<AgentServer> {
  const socketPath = agentSocketPath(home);
  if (process.platform !== 'win32') {
    // The home and the socket's directory must be ours alone: no symlink, no other owner, 0700.
    prepareSocketDirectories(home, socketPath);
    if (await socketInUse(socketPath)) {
      throw new WalletError('usage', `an agent is already running for ${home}`);
    }
    await fs.rm(socketPath, { force: true });
  }
  let dashboardLink: DashboardLinkProvider | null = null;
  const host: HostMethods = {
    dashboardLink: () =>
      dashboardLink === null
        ? Promise.reject(new WalletError('usage', 'this agent serves no dashboard'))
        : dashboardLink(),
  };
  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => socket.destroy());
    const lines = new LineSplitter(maxLineBytes);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      let received: string[];
      try {
        received = lines.push(chunk);
      } catch {
        socket.end(`${JSON.stringify(errorResponse(0, new WalletError('usage', 'request too large')))}\n`);
        return;
      }
      for (const line of received) if (line.trim() !== '') void answer(socket, line, api, host);
    });
  });
  await listenPrivately(server, socketPath);
  return {
    socketPath,
    offerDashboard: (provider) => {
      dashboardLink = provider;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of connections) socket.destroy();
      });
      if (process.platform !== 'win32') await fs.rm(socketPath, { force: true });
    },
  };
}

interface HostMethods {
  dashboardLink(): Promise<string | null>;
}

async function answer(socket: net.Socket, line: string, api: WalletApi, host: HostMethods): Promise<void> {
  const id = requestId(line);
  const send = (text: string): void => {
    if (!socket.destroyed) socket.write(`${JSON.stringify({ notice: { id, text } } satisfies AgentNotice)}\n`);
  };
  const handle = async (method: unknown, params: unknown): Promise<unknown> => {
    if (method === dashboardLinkMethod) return host.dashboardLink();
    // A sign-in this request starts speaks to this caller (device code, browser hint).
    return withCallerNotices(send, () => dispatch(api, validateRequest(method, params)));
  };
  const response =
    (await answerRpc(line, handle, errorBody)) ?? errorResponse(0, new WalletError('usage', 'malformed request'));
  if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
}

/** The request's id, for notices sent before its answer (0 when it has none). */
function requestId(line: string): number {
  try {
    const id = (JSON.parse(line) as { id?: unknown }).id;
    return typeof id === 'number' ? id : 0;
  } catch {
    return 0;
  }
}
