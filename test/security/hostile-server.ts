import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { runCli, type CliResult } from '../helpers/cli-runner';

/** A server that answers whatever a test scripts, and records every request it saw. */
export interface HostileServer {
  url: string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

export async function startHostileServer(
  handler: (request: IncomingMessage, response: ServerResponse, body: string, origin: string) => void,
  tls?: { key: string; cert: string },
): Promise<HostileServer> {
  const requests: HostileServer['requests'] = [];
  let origin = '';
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handler(request, response, body, origin);
    });
  };
  const server = tls === undefined ? http.createServer(listener) : https.createServer(tls, listener);
  server.on('tlsClientError', () => undefined);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Answers an OIDC discovery request for a device-flow server at `origin` (true), else false. */
export function answerDeviceDiscovery(request: IncomingMessage, response: ServerResponse, origin: string): boolean {
  if (!(request.url ?? '').includes('openid-configuration')) return false;
  json(response, 200, {
    issuer: origin,
    token_endpoint: `${origin}/token`,
    device_authorization_endpoint: `${origin}/device`,
  });
  return true;
}

/** A UofT VSS account of user alice at `url`, added without the server check. */
export function addVssAccount(
  home: string,
  name: string,
  url: string,
  password: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  return addAccount(home, name, ['--provider', 'vss', '--url', url, '--username', 'alice'], password, env);
}

/** `add` without the server check where the CLI has one (the check is not what these tests are about). */
export async function addAccount(
  home: string,
  name: string,
  args: string[],
  password = 'Pa55-word',
  env: Record<string, string> = {},
): Promise<CliResult> {
  const run = (extra: string[]): Promise<CliResult> =>
    runCli(['add', name, ...args, ...extra, '--password-stdin'], { home, input: `${password}\n`, env });
  const result = await run(['--no-verify']);
  if (result.code === 2 && /no-verify/.test(result.stderr)) return run([]);
  return result;
}

/** Any C0 or C1 control character, ESC included (a newline ends the one line on purpose: checked apart). */
export const controlCharacter = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
