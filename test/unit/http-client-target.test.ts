import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { httpRequest } from '../../app/http/http-client';

/** A server that answers what it was asked (path, query, Authorization), then `size` bytes in pieces. */
async function echoServer(host: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const size = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('size') ?? 0);
    response.write(`${request.method} ${request.url} ${request.headers.authorization ?? '-'}\n`);
    // Several writes, so the body comes in more than one chunk.
    for (let sent = 0; sent < size; sent += 16_384) response.write('x'.repeat(Math.min(16_384, size - sent)));
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('requests reach the URL as given: port, path and query, user info, an IPv6 literal; bodies whole', async () => {
  const v4 = await echoServer('127.0.0.1');
  try {
    const url = new URL(`http://u%40x:p%3Aw@127.0.0.1:${v4.port}/a/b?c=1&size=100000`);
    // The same URL object twice (the wallet reuses them): the second request goes to the same place.
    for (let round = 0; round < 2; round += 1) {
      const response = await httpRequest({ method: 'GET', url });
      const text = response.body.toString('utf8');
      const [line = '', rest = ''] = text.split('\n');
      const basic = `Basic ${Buffer.from('u@x:p:w').toString('base64')}`;
      assert.equal(line, `GET /a/b?c=1&size=100000 ${basic}`);
      assert.equal(rest.length, 100_000);
    }
  } finally {
    await v4.close();
  }
  let v6: Awaited<ReturnType<typeof echoServer>> | null = null;
  try {
    v6 = await echoServer('::1');
  } catch {
    return; // No IPv6 loopback on this machine: the IPv4 half above still ran.
  }
  try {
    const response = await httpRequest({ method: 'POST', url: new URL(`http://[::1]:${v6.port}/t`), body: 'x=1' });
    assert.equal(response.body.toString('utf8'), 'POST /t -\n');
  } finally {
    await v6.close();
  }
});
