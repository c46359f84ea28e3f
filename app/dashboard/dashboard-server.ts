import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatchUi, uiError, validateUiRequest } from '../contract-validation';
import type { UiApi, UiEvent } from '../ui-contract';

/**
 * Browser mode: the dashboard bundle served on 127.0.0.1, the UiApi over a WebSocket. A per-run
 * secret (given to the page in the URL fragment, which browsers never send to servers) opens the
 * socket; Host and Origin checks keep other sites and DNS rebinding out.
 */
export interface DashboardServerOptions {
  api: UiApi;
  /** Subscribes to host events; returns an unsubscribe. */
  onEvent(listener: (event: UiEvent) => void): () => void;
  /** Folder with index.html, app.js, app.css (dist/renderer). */
  rendererDir: string;
  port?: number;
}

export interface DashboardServer {
  url: string;
  /** The URL to open: with the secret in the fragment. */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

export const dashboardCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

const maxMessageBytes = 256 * 1024;

function sameSecret(given: unknown, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const secret = randomBytes(32).toString('base64url');
  let port = 0;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = http.createServer((request, response) => {
    void (async () => {
      if (!allowedHosts().has(request.headers.host ?? '')) {
        response.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden host');
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
      const file = pathname === '/' ? 'index.html' : pathname.slice(1);
      if (!/^[a-z0-9-]+\.(html|js|css|map|svg)$/.test(file)) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      try {
        const body = await readFile(path.join(options.rendererDir, file));
        response.writeHead(200, {
          'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': dashboardCsp,
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'no-referrer',
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cache-Control': 'no-store',
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      } catch {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found (run npm run build)');
      }
    })();
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  server.on('upgrade', (request, socket, head) => {
    const host = request.headers.host ?? '';
    const origin = request.headers.origin ?? '';
    if (!allowedHosts().has(host) || !allowedOrigins().has(origin) || new URL(request.url ?? '/', 'http://localhost').pathname !== '/ws') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serve(ws));
  });

  const serve = (ws: WebSocket): void => {
    let authenticated = false;
    let unsubscribe: (() => void) | null = null;
    const send = (message: unknown): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    // A page that does not prove itself quickly is dropped.
    const authTimer = setTimeout(() => {
      if (!authenticated) ws.close(4401, 'unauthorized');
    }, 5000);
    ws.on('close', () => {
      clearTimeout(authTimer);
      unsubscribe?.();
    });
    ws.on('message', (data) => {
      let message: { id?: unknown; method?: unknown; params?: unknown; secret?: unknown };
      try {
        message = JSON.parse(data.toString()) as typeof message;
      } catch {
        ws.close(4400, 'malformed');
        return;
      }
      if (!authenticated) {
        if (!sameSecret(message.secret, secret)) {
          ws.close(4401, 'unauthorized');
          return;
        }
        authenticated = true;
        clearTimeout(authTimer);
        unsubscribe = options.onEvent((event) => send({ event }));
        send({ ready: true });
        return;
      }
      const id = typeof message.id === 'number' ? message.id : 0;
      void (async () => {
        try {
          const request = validateUiRequest(message.method, message.params);
          const result = await dispatchUi(options.api, request);
          send({ id, result: result ?? null });
        } catch (error) {
          send({ id, error: uiError(error) });
        }
      })();
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}#s=${secret}`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
