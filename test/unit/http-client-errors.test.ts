import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { WalletError } from '../../app/errors';
import { httpRequest } from '../../app/http/http-client';

/** A raw TCP server that answers every request with `reply` (or never, when it is null). */
async function rawServer(reply: string | null): Promise<{ url: URL; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('data', () => {
      if (reply !== null) socket.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/token`),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function failure(request: Parameters<typeof httpRequest>[0]): Promise<WalletError> {
  const error = await httpRequest(request).then(
    () => assert.fail('the request succeeded'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof WalletError, `not a WalletError: ${String(error)}`);
  return error;
}

test('a server whose headers never end is named, in words, not as a parser code', async () => {
  const server = await rawServer(`HTTP/1.1 200 OK\r\nX-Junk: ${'a'.repeat(64 * 1024)}\r\n\r\n{}`);
  try {
    const error = await failure({ method: 'POST', url: server.url, body: 'a=1' });
    assert.equal(error.kind, 'unexpected');
    assert.equal(error.message, 'response headers too large');
    assert.equal(error.details.server, server.url.origin);
  } finally {
    await server.close();
  }
});

test('a server that never answers runs into the request’s own time-out', async () => {
  const server = await rawServer(null);
  try {
    const started = Date.now();
    const error = await failure({ method: 'GET', url: server.url, timeoutMs: 300 });
    assert.equal(error.kind, 'unreachable');
    assert.equal(error.message, 'no answer within 300 ms');
    assert.ok(Date.now() - started < 5_000, 'gave up at its time-out, not undici’s');
  } finally {
    await server.close();
  }
});

test('a declared body over the cap is refused before it is read', async () => {
  const server = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 999999\r\n\r\n');
  try {
    const error = await failure({ method: 'GET', url: server.url, maxBodyBytes: 1024 });
    assert.equal(error.kind, 'unexpected');
    assert.equal(error.message, 'response larger than 1024 bytes');
  } finally {
    await server.close();
  }
});

test('a refused connection says so', async () => {
  const server = await rawServer(null);
  const { url } = server;
  await server.close();
  const error = await failure({ method: 'GET', url });
  assert.equal(error.kind, 'unreachable');
  assert.equal(error.message, 'connection refused');
});
