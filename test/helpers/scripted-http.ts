import type { HttpRequest, HttpResponse, HttpTransport } from '../../app/http/http-client';

export type Reply = { status: number; headers?: Record<string, string>; body?: unknown } | Error;

/**
 * An in-memory HTTP transport for unit tests of the wallet's logic: each request is answered by
 * the handler, and every request is recorded. Integration tests use the real client and fake servers.
 */
export function scriptedHttp(
  handler: (request: HttpRequest, index: number) => Reply | Promise<Reply>,
  now: () => number = Date.now,
) {
  const requests: HttpRequest[] = [];
  const transport: HttpTransport = async (request) => {
    requests.push(request);
    const reply = await handler(request, requests.length - 1);
    if (reply instanceof Error) throw reply;
    const body =
      typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
    const headers = Object.fromEntries(
      Object.entries(reply.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
    );
    const response: HttpResponse = { status: reply.status, headers, body: Buffer.from(body), receivedAt: now() };
    return response;
  };
  return { transport, requests };
}
