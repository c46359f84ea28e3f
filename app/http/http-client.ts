import tls from 'node:tls';
import type { Agent as AgentOfUndici, Dispatcher } from 'undici';
import { connectionLost, networkError, timeoutCode, tooLarge } from './http-errors';

/** Response headers by lower-case name; a repeated header is a list. */
export type HttpHeaders = Record<string, string | string[] | undefined>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  /** PEM of the CA that signed a self-signed appliance's certificate, added to Node's trusted roots. */
  ca?: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: HttpHeaders;
  body: Buffer;
  /** Our clock when the response headers arrived: token lifetimes count from here. */
  receivedAt: number;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export const defaultTimeoutMs = 15_000;
export const defaultMaxBodyBytes = 4 * 1024 * 1024;

/**
 * Keep-alive connection pools, one per CA, shared by every account, so renewals reuse connections.
 * undici rather than node:http: an exchange costs about a fifth less CPU (0.14 vs 0.18 ms; its parser
 * is WebAssembly, no stream objects per response), the largest part of a renewal at 10,000 accounts.
 */
const agents = new Map<string, AgentOfUndici>();

/**
 * undici's Agent, loaded at the first request: a `token` answered from the keychain never pays for
 * it (about 40 ms of a CLI start). The Agent's module alone, not undici's index: the index also
 * loads fetch, WebSocket, caches and mocks, about 11 MiB more memory for nothing the wallet uses.
 */
let Agent: typeof AgentOfUndici | undefined;
let loadingAgent: Promise<typeof AgentOfUndici> | undefined;

function loadAgent(): Promise<typeof AgentOfUndici> {
  loadingAgent ??= (async () => {
    // @ts-expect-error -- the module has no types of its own: they are undici index's, as cast here.
    const loaded = (await import('undici/lib/dispatcher/agent.js')) as { default: typeof AgentOfUndici };
    Agent = loaded.default;
    return Agent;
  })();
  return loadingAgent;
}

function agentFor(ca: string | undefined, UndiciAgent: typeof AgentOfUndici): AgentOfUndici {
  const key = ca ?? '';
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new UndiciAgent({
      connections: 16,
      // The exchange's own timer bounds it (HttpRequest.timeoutMs); undici's would race it in other words.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: {
        // A connect that outlives every request's time-out is given up on, not kept for ever.
        timeout: 60_000,
        // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment changes nothing.
        rejectUnauthorized: true,
        // Trust the system roots plus the account's own CA; verification itself is never turned off.
        ...(ca === undefined ? {} : { ca: [...tls.rootCertificates, ca] }),
      },
    });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * What undici needs to send a request to a URL, kept per URL object: the wallet sends each
 * account's few URLs again and again.
 */
interface Target {
  origin: string;
  path: string;
  /** node:http's behaviour for user info in a URL: Basic credentials, unless the request carries its own. */
  authorization?: string;
}

const targets = new WeakMap<URL, Target>();

function targetOf(url: URL): Target {
  let target = targets.get(url);
  if (target === undefined) {
    target = { origin: url.origin, path: `${url.pathname}${url.search}` };
    if (url.username !== '' || url.password !== '') {
      const userInfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      target.authorization = `Basic ${Buffer.from(userInfo, 'utf8').toString('base64')}`;
    }
    targets.set(url, target);
  }
  return target;
}

/**
 * One HTTP exchange with a time limit and a size cap. Certificates are always verified;
 * a per-account CA is the only way to trust a self-signed appliance.
 */
export const httpRequest: HttpTransport = (request) =>
  Agent === undefined ? loadAgent().then((Loaded) => exchange(request, true, Loaded)) : exchange(request, true, Agent);

function requestHeaders(request: HttpRequest, target: Target): Record<string, string> {
  const headers: Record<string, string> = { 'User-Agent': 'token-wallet/0.1', ...request.headers };
  if (
    target.authorization !== undefined &&
    !Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')
  )
    headers.Authorization = target.authorization;
  return headers;
}

/**
 * A keep-alive connection the server closed while idle fails the next request on it with a reset
 * before any answer: the request never reached the server, so it is sent once more, on a fresh
 * connection. undici does not say whether a connection was reused, so any reset before an answer
 * gets that one retry (a login or refresh sent twice is harmless; one lost to a race is not).
 * Any other failure, or a reset once the answer began, is final.
 */
// Over 60 lines on purpose: one request's life (time-out, size cap, keep-alive retry) shares one promise.
// eslint-disable-next-line max-lines-per-function
function exchange(request: HttpRequest, mayRetry: boolean, UndiciAgent: typeof AgentOfUndici): Promise<HttpResponse> {
  const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
  const maxBodyBytes = request.maxBodyBytes ?? defaultMaxBodyBytes;
  const { url } = request;
  const target = targetOf(url);
  // eslint-disable-next-line max-lines-per-function -- the handler of the request above
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let response: Omit<HttpResponse, 'body'> = { status: 0, headers: {}, receivedAt: 0 };
    const settle = (error: Error | null, body?: Buffer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === null) resolve({ ...response, body: body as Buffer });
      else reject(error);
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settle(error);
      controller?.abort(error);
    };
    const timer = setTimeout(() => {
      fail(networkError(Object.assign(new Error('timeout'), { code: timeoutCode }), url, timeoutMs));
    }, timeoutMs);
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(control) {
        controller = control;
        if (settled) control.abort(new Error('settled'));
      },
      onResponseStart(control, status, headers) {
        response = { status, headers: headers as HttpHeaders, receivedAt: Date.now() };
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBodyBytes) fail(tooLarge(url, status, maxBodyBytes));
      },
      onResponseData(_control, chunk) {
        size += chunk.length;
        if (size > maxBodyBytes) fail(tooLarge(url, response.status, maxBodyBytes));
        else chunks.push(chunk);
      },
      onResponseEnd() {
        // One chunk (a token answer, usually) is the body as it is: no copy.
        settle(null, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
      },
      onResponseError(_control, error: NodeJS.ErrnoException) {
        if (settled) return;
        const unanswered = response.status === 0;
        if (mayRetry && unanswered && connectionLost(error)) {
          settled = true;
          clearTimeout(timer);
          exchange(request, false, UndiciAgent).then(resolve, reject);
          return;
        }
        settle(networkError(error, url, timeoutMs));
      },
    };
    agentFor(request.ca, UndiciAgent).dispatch(
      {
        origin: target.origin,
        path: target.path,
        method: request.method,
        headers: requestHeaders(request, target),
        ...(request.body === undefined ? {} : { body: request.body }),
      },
      handler,
    );
  });
}
