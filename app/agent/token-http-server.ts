import { promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { WalletApi } from '../contract';
import { WalletError, toWalletError } from '../errors';
import { parseDuration } from '../outputs/duration';
import { tokenSocketPath } from '../outputs/token-socket-path';
import { ensurePrivateDir } from '../store/files';
import { listenPrivately } from './agent-socket';

export interface TokenHttpServer {
  socketPath: string;
  close(): Promise<void>;
}

/** The socket's directory must be ours alone: not a symlink, owned by us, no group/other access. */
async function checkSocketDir(dir: string): Promise<void> {
  const stat = await fs.lstat(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : stat.uid;
  if (stat.isSymbolicLink() || !stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) {
    throw new WalletError(
      'config',
      `refusing to serve tokens in ${dir}: it must be a directory of yours that only you can open`,
    );
  }
}

const plainPattern = /^\/v1\/token\/(\w[\w.~-]*)$/;
const pathPattern = /^\/v1\/token\/([^/]+)$/;

function reply(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** GET /v1/token/NAME[?min-valid=DUR]: the token and a newline; 404 unknown account, 503 cannot renew. */
async function answer(api: WalletApi, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const target = request.url ?? '/';
  // The usual ask, /v1/token/NAME with a plain name and no query, is read without a URL object (the
  // agent answers many); anything else (dots, a query, odd characters) as a URL resolves it.
  const plainMatch = plainPattern.exec(target);
  const url = plainMatch === null ? new URL(target, 'http://wallet') : null;
  const match = plainMatch ?? pathPattern.exec(url?.pathname ?? '');
  if (match === null) return reply(response, 404, 'not found: use /v1/token/NAME\n');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return reply(response, 405, 'method not allowed\n');
  }
  let name: string;
  let minValidMs = 0;
  try {
    name = decodeURIComponent(match[1] ?? '');
    const minValid = url === null ? null : url.searchParams.get('min-valid');
    if (minValid !== null) minValidMs = parseDuration(minValid, 'min-valid');
  } catch (error) {
    return reply(response, 400, `${toWalletError(error).message}\n`);
  }
  try {
    const fresh = minValidMs > 0 ? await api.freshToken(name, minValidMs) : await api.freshToken(name);
    response.setHeader('X-Token-Expires-At', new Date(fresh.expiresAt).toISOString());
    return reply(response, 200, `${fresh.token}\n`);
  } catch (caught) {
    const error = toWalletError(caught);
    if (error.details.unknownAccount === true) return reply(response, 404, `${error.message}\n`);
    if (error.kind === 'usage') return reply(response, 400, `${error.message}\n`);
    return reply(response, 503, `${error.message}\n`);
  }
}

/**
 * Plain HTTP on a unix socket beside the agent's, so shells and other languages get a token with
 * one curl and no Node start. Owner-only like the agent's socket; browsers cannot reach it.
 */
export async function startTokenHttpServer(home: string, api: WalletApi): Promise<TokenHttpServer | null> {
  // Windows has named pipes, which curl cannot speak to: no fast path there.
  if (process.platform === 'win32') return null;
  const socketPath = tokenSocketPath(home);
  await ensurePrivateDir(path.dirname(socketPath));
  await checkSocketDir(path.dirname(socketPath));
  // The agent socket beside it is already ours (the host holds it), so a leftover file here is stale.
  await fs.rm(socketPath, { force: true });
  const server = http.createServer((request, response) => {
    request.resume();
    void answer(api, request, response).catch(() => reply(response, 500, 'internal error\n'));
  });
  server.keepAliveTimeout = 5000;
  await listenPrivately(server, socketPath);
  return {
    socketPath,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fs.rm(socketPath, { force: true });
    },
  };
}
