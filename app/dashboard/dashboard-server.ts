import { answerRpc } from '../common/rpc';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatchUi, uiError, validateUiRequest } from '../contract-validation';
import type { UiApi, UiEvent } from '../ui-contract';
import {
  createDashboardAuth,
  loggedInPage,
  noSessionPage,
  plainPageCsp,
  sessionCookie,
  type DashboardAuth,
} from './dashboard-auth';
import { answerAppPage, answerPageData, PageDataShelf } from './app-page';
import { prerendererAt, type Prerender } from './prerender-loader';

/**
 * Browser mode: the dashboard bundle served on 127.0.0.1, the UiApi over a WebSocket. A link secret
 * is traded once at /login for an HttpOnly, SameSite=Strict session cookie; the app page and the
 * socket need that session; Host and Origin checks keep other sites and DNS rebinding out.
 */
export interface DashboardServerOptions {
  api: UiApi;
  /** Subscribes to host events; returns an unsubscribe. */
  onEvent(listener: (event: UiEvent) => void): () => void;
  /** Folder with index.html, app.js, app.css (dist/renderer). */
  rendererDir: string;
  /** The first screen's HTML (default: the renderer's built pre-render beside rendererDir, if there). */
  prerender?: () => Promise<Prerender | null>;
  port?: number;
}

export interface DashboardServer {
  url: string;
  /** The run's link (for `--no-open` and tests): valid while the dashboard runs. */
  openUrl: string;
  port: number;
  /** A fresh link that works once, for a few minutes. */
  mintLink(): string;
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

const pageHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** No session: the how-to page (a link from the terminal gives one), never the app. */
function answerNoSession(response: http.ServerResponse): void {
  response
    .writeHead(401, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': plainPageCsp,
      ...pageHeaders,
    })
    .end(noSessionPage);
}

/** /login?s=…: a valid link secret becomes a session cookie; anything else gets the how-to page. */
function answerLogin(auth: DashboardAuth, url: URL, response: http.ServerResponse): void {
  const session = auth.login(url.searchParams.get('s'));
  if (session === null) {
    answerNoSession(response);
    return;
  }
  response
    .writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': plainPageCsp,
      'Set-Cookie': sessionCookie(auth.cookieName, session),
      ...pageHeaders,
    })
    .end(loggedInPage);
}

/** Counts the host's events: equal revisions mean the page's data and the socket's start agree. */
function trackRevision(onEvent: (listener: (event: UiEvent) => void) => () => void): {
  current(): string;
  stop(): void;
} {
  // Per server: a page from an earlier run never matches this one's counter.
  const run = randomBytes(6).toString('base64url');
  let count = 0;
  const stop = onEvent(() => {
    count += 1;
  });
  return { current: () => `${run}.${count}`, stop };
}

// Over 60 lines on purpose: the routes close over one server's session state; splitting them is follow-up work.
// eslint-disable-next-line max-lines-per-function
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  let auth: DashboardAuth | null = null;
  let port = 0;
  const revision = trackRevision(options.onEvent);
  const page = {
    api: options.api,
    rendererDir: options.rendererDir,
    prerender: options.prerender ?? prerendererAt(path.join(options.rendererDir, '..', 'prerender', 'dashboard.mjs')),
    csp: dashboardCsp,
    headers: pageHeaders,
  };
  const shelf = new PageDataShelf();
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
      const requestUrl = new URL(request.url ?? '/', 'http://localhost');
      const { pathname } = requestUrl;
      if (auth === null) return void response.writeHead(503).end();
      if (pathname === '/login') return answerLogin(auth, requestUrl, response);
      const file = pathname === '/' ? 'index.html' : pathname.slice(1);
      // The app itself only with a session; a stale tab or a bare URL learns how to get a link.
      if ((file === 'index.html' || file === 'page-data') && !auth.hasSession(request.headers.cookie)) {
        answerNoSession(response);
        return;
      }
      if (file === 'page-data') return answerPageData(shelf, requestUrl, pageHeaders, response);
      if (file === 'index.html') {
        await answerAppPage(page, shelf, revision.current(), request.method, response).catch(() => {
          if (!response.headersSent) response.writeHead(404, { 'Content-Type': 'text/plain' });
          response.end('not found (run npm run build)');
        });
        return;
      }
      if (!/^[a-z0-9-]+\.(html|js|css|map|svg)$/.test(file)) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      try {
        const body = await readFile(path.join(options.rendererDir, file));
        response.writeHead(200, {
          'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': dashboardCsp,
          ...pageHeaders,
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
    if (
      !allowedHosts().has(host) ||
      !allowedOrigins().has(origin) ||
      new URL(request.url ?? '/', 'http://localhost').pathname !== '/ws'
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    if (auth === null || !auth.hasSession(request.headers.cookie)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serve(ws));
  });

  const serve = (ws: WebSocket): void => {
    const send = (message: unknown): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    // The upgrade carried a live session cookie: this page is ours.
    const unsubscribe = options.onEvent((event) => send({ event }));
    ws.on('close', () => unsubscribe());
    // The revision after subscribing: the page reloads only if an event came since its data was read.
    send({ ready: true, revision: revision.current() });
    ws.on('message', (data) => {
      void (async () => {
        const handle = async (method: unknown, params: unknown): Promise<unknown> =>
          dispatchUi(options.api, validateUiRequest(method, params));
        const response = await answerRpc(data.toString(), handle, uiError);
        if (response === null) ws.close(4400, 'malformed');
        else send(response);
      })();
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const ready = createDashboardAuth(port);
  auth = ready;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}login?s=${ready.runSecret}`,
    port,
    mintLink: () => `${url}login?s=${ready.mintOneTime()}`,
    close: async () => {
      revision.stop();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
