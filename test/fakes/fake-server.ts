import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test-only TLS material (see test/fixtures/tls/README.md). */
export interface TestTls {
  key: string;
  cert: string;
  ca: string;
  otherCa: string;
}

export function testTls(): TestTls {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tls');
  const read = (file: string): string => readFileSync(path.join(dir, file), 'utf8');
  return { key: read('server-key.pem'), cert: read('server.pem'), ca: read('ca.pem'), otherCa: read('other-ca.pem') };
}

export interface CannedReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** Knobs a test turns while the fake runs. They apply to the token endpoints only. */
export interface Knobs {
  lifetimeSec: number;
  /** Each token lives lifetimeSec plus up to this many seconds more (spreads renewals in benchmarks). */
  lifetimeSpreadSec: number;
  /** The server's clock is this far ahead of ours (Date header, absolute expiry times). */
  clockSkewSec: number;
  /** The next token requests get these replies, one each. */
  failNext: CannedReply[];
  /** The next N token requests have their connection destroyed without an answer. */
  resetNext: number;
  delayMs: number;
  bodyOverride?: { contentType: string; body: string | Buffer; status?: number };
}

export interface Stats {
  logins: number;
  refreshes: number;
  reauths: number;
  logouts: number;
  tests: number;
  apiCalls: number;
  rejected: number;
  /** Every token request, in order: for asserting lateness and counts. */
  tokenRequests: Array<{ at: number; kind: string }>;
}

export interface IssuedToken {
  user: string;
  /** Epoch ms on the server's clock. */
  expiresAt: number;
  revoked: boolean;
  session: string;
}

export const maxRequestBody = 1024 * 1024;

/** Shared state of every fake: users, issued tokens, knobs, counters. */
export class FakeState {
  readonly knobs: Knobs;
  readonly stats: Stats = {
    logins: 0,
    refreshes: 0,
    reauths: 0,
    logouts: 0,
    tests: 0,
    apiCalls: 0,
    rejected: 0,
    tokenRequests: [],
  };
  readonly tokens = new Map<string, IssuedToken>();
  readonly users: Map<string, string>;

  constructor(users: Record<string, string>, lifetimeSec: number) {
    this.users = new Map(Object.entries(users));
    this.knobs = { lifetimeSec, lifetimeSpreadSec: 0, clockSkewSec: 0, failNext: [], resetNext: 0, delayMs: 0 };
  }

  serverNow(): number {
    return Date.now() + this.knobs.clockSkewSec * 1000;
  }

  /** The lifetime of the next token. */
  nextLifetimeSec(): number {
    return this.knobs.lifetimeSec + Math.round(Math.random() * this.knobs.lifetimeSpreadSec);
  }

  issue(user: string, session = randomToken(8), lifetimeSec = this.knobs.lifetimeSec): string {
    const token = randomToken();
    this.tokens.set(token, { user, expiresAt: this.serverNow() + lifetimeSec * 1000, revoked: false, session });
    return token;
  }

  lookup(token: string | undefined): { state: 'valid' | 'expired' | 'unknown'; issued?: IssuedToken } {
    if (token === undefined) return { state: 'unknown' };
    const issued = this.tokens.get(token);
    if (issued === undefined || issued.revoked) return { state: 'unknown' };
    if (issued.expiresAt <= this.serverNow()) return { state: 'expired', issued };
    return { state: 'valid', issued };
  }

  isValid(token: string): boolean {
    return this.lookup(token).state === 'valid';
  }

  checkPassword(user: string, password: string): boolean {
    return this.users.get(user) === password;
  }
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function basicCredentials(
  request: IncomingMessage,
): { user: string; password: string } | 'missing' | 'malformed' {
  const header = request.headers.authorization;
  if (header === undefined) return 'missing';
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
  if (match?.[1] === undefined) return 'malformed';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function bearerToken(request: IncomingMessage): string | undefined {
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
}

export function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
  state?: FakeState,
): void {
  if (response.headersSent || response.destroyed) return;
  const date = new Date(state === undefined ? Date.now() : state.serverNow()).toUTCString();
  response.writeHead(status, { Date: date, 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  response.end(body);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  state?: FakeState,
): void {
  send(response, status, JSON.stringify(body), { 'Content-Type': 'application/json', ...headers }, state);
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxRequestBody) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies the knobs to a token request. Returns true when a knob answered (or dropped) the request,
 * so the fake's own handler must not.
 */
export async function applyKnobs(
  state: FakeState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if (state.knobs.resetNext > 0) {
    state.knobs.resetNext -= 1;
    request.socket.destroy();
    return true;
  }
  if (state.knobs.delayMs > 0) await sleep(state.knobs.delayMs);
  const canned = state.knobs.failNext.shift();
  if (canned !== undefined) {
    send(response, canned.status, canned.body ?? '', { 'Content-Type': 'application/json', ...canned.headers }, state);
    return true;
  }
  const override = state.knobs.bodyOverride;
  if (override !== undefined) {
    send(response, override.status ?? 200, override.body, { 'Content-Type': override.contentType }, state);
    return true;
  }
  return false;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  /** Stops listening (dropping connections), then listens again on the same port after `downMs`. */
  restart(downMs?: number): Promise<void>;
}

/** An HTTP(S) server on 127.0.0.1 and an ephemeral port, whose close() also drops open connections. */
export async function startFakeServer(
  handler: (request: IncomingMessage, response: ServerResponse) => Promise<void> | void,
  options: { tls?: { key: string; cert: string } } = {},
): Promise<RunningServer> {
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      send(response, 500, JSON.stringify({ error: 'fake server error', message: String(error) }), {
        'Content-Type': 'application/json',
      });
    });
  };
  const server =
    options.tls === undefined
      ? http.createServer(listener)
      : https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    close,
    restart: async (downMs = 0) => {
      await close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
  };
}
