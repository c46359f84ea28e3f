import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startDashboard, type DashboardProcess } from '../helpers/dashboard-process';
import { tempWalletHome } from '../helpers/cli-runner';

/** Browser mode's guards, probed from outside the browser. */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      })
      .on('error', reject);
  });
}

/** Messages are queued from the start: the server's first one may arrive before anyone waits for it. */
const inbox = new WeakMap<
  WebSocket,
  { queued: Array<Record<string, unknown>>; waiting: Array<(message: Record<string, unknown>) => void> }
>();

function connect(url: string, origin: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin, headers });
    const box = {
      queued: [] as Array<Record<string, unknown>>,
      waiting: [] as Array<(message: Record<string, unknown>) => void>,
    };
    inbox.set(socket, box);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      const waiter = box.waiting.shift();
      if (waiter === undefined) box.queued.push(message);
      else waiter(message);
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
}

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  const box = inbox.get(socket);
  if (box === undefined) throw new Error('not a socket from connect()');
  const queued = box.queued.shift();
  return queued === undefined ? new Promise((resolve) => box.waiting.push(resolve)) : Promise.resolve(queued);
}

describe('dashboard server guards', () => {
  let dashboard: DashboardProcess;
  let wsUrl: string;
  let cookie: string;

  before(async () => {
    dashboard = await startDashboard(tempWalletHome('tw-dash-guard-'));
    wsUrl = `${dashboard.origin.replace('http', 'ws')}/ws`;
    const secret = new URL(dashboard.openUrl).searchParams.get('s') ?? '';
    assert.ok(secret.length >= 40, 'a long per-run secret');
    // The link's secret is traded for a session cookie, as a browser does.
    const login = await get(dashboard.openUrl);
    assert.equal(login.status, 200);
    cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    assert.match(cookie, /^tw-session-\d+=/);
  });
  after(async () => {
    assert.equal(await dashboard.stop(), 0, 'stops cleanly on SIGTERM');
  });

  test('serves the page with a strict CSP, and nothing outside the bundle', async () => {
    const page = await get(`${dashboard.origin}/`, { Cookie: cookie });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal((await get(`${dashboard.origin}/../package.json`)).status, 404);
    assert.equal((await get(`${dashboard.origin}/%2e%2e/config.json`)).status, 404);
  });

  test('a foreign Host header (DNS rebinding) is refused', async () => {
    const port = new URL(dashboard.origin).port;
    assert.equal((await get(`${dashboard.origin}/`, { Host: `evil.example:${port}`, Cookie: cookie })).status, 403);
    await assert.rejects(connect(wsUrl, dashboard.origin, { Host: `evil.example:${port}`, Cookie: cookie }), /403/);
  });

  test('a WebSocket from another origin is refused', async () => {
    await assert.rejects(connect(wsUrl, 'http://evil.example', { Cookie: cookie }), /403/);
  });

  test('a WebSocket without the session cookie (or a guessed one) is refused before it can call anything', async () => {
    await assert.rejects(connect(wsUrl, dashboard.origin), /401/);
    await assert.rejects(connect(wsUrl, dashboard.origin, { Cookie: `${cookie.split('=')[0]}=guess` }), /401/);
  });

  test('with the session, requests are validated like any untrusted input', async () => {
    const socket = await connect(wsUrl, dashboard.origin, { Cookie: cookie });
    const ready = await nextMessage(socket);
    assert.equal(ready.ready, true);
    assert.match(
      String(ready.revision),
      /^[\w-]+\.\d+$/,
      'the host tells which revision of its data the socket starts at',
    );
    socket.send(JSON.stringify({ id: 1, method: 'list', params: [] }));
    assert.deepEqual(await nextMessage(socket), { id: 1, result: [] });
    socket.send(JSON.stringify({ id: 2, method: 'freshToken', params: ['x'] }));
    const refused = await nextMessage(socket);
    assert.equal(refused.id, 2);
    assert.match(JSON.stringify(refused.error), /unknown method/, 'the dashboard API has no raw token getter');
    socket.send(
      JSON.stringify({
        id: 3,
        method: 'add',
        params: [{ name: 'x', provider: 'vss', url: 'https://h', evil: 1 }, 'pw'],
      }),
    );
    assert.match(
      String(((await nextMessage(socket)) as { error?: { message?: string } }).error?.message),
      /unknown field "evil"/,
    );
    socket.close();
  });
});
