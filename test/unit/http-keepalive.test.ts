import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { httpRequest } from '../../app/http/http-client';

/**
 * A server that answers the first request on a connection and drops the connection when a second
 * request arrives on it: what a server does when it closes an idle keep-alive socket just as the
 * client reuses it. New connections are answered normally.
 */
async function closingKeepAliveServer(): Promise<{ url: URL; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    let requests = 0;
    socket.on('data', (chunk) => {
      if (!chunk.toString('latin1').includes('\r\n\r\n')) return;
      requests += 1;
      if (requests === 1)
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: ' +
            'keep-alive\r\n\r\n{"ok":true}',
        );
      else socket.resetAndDestroy();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/token`),
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        // The client keeps its sockets alive: end them, or close would wait for them.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

test('a request on a keep-alive socket the server dropped is sent again on a fresh one', async () => {
  const server = await closingKeepAliveServer();
  try {
    const first = await httpRequest({ method: 'POST', url: server.url, headers: {}, body: 'a=1' });
    assert.equal(first.status, 200);
    // Idle for a moment, as a kept-alive connection is between renewals (a request sent at once may find
    // the first connection still busy finishing its answer, and open another).
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Reuses the kept-alive socket, which the server drops: the client must not report "connection reset".
    const second = await httpRequest({ method: 'POST', url: server.url, headers: {}, body: 'a=2' });
    assert.equal(second.status, 200);
    assert.equal(server.connections(), 2, 'the retry went out on a new connection');
  } finally {
    await server.close();
  }
});
