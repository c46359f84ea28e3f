import { constants, openSync, closeSync, fstatSync, readSync, promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { WalletError } from '../errors';

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
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Our clock when the response headers arrived: token lifetimes count from here. */
  receivedAt: number;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export const defaultTimeoutMs = 15_000;
export const defaultMaxBodyBytes = 4 * 1024 * 1024;

/** Keep-alive agents shared per CA so renewals of many accounts reuse connections. */
const agents = new Map<string, http.Agent>();

function agentFor(protocol: string, ca: string | undefined): http.Agent {
  const key = `${protocol}\u0000${ca ?? ''}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    agent =
      protocol === 'https:'
        ? new https.Agent({
            keepAlive: true,
            maxSockets: 16,
            // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment changes nothing.
            rejectUnauthorized: true,
            // Trust the system roots plus the account's own CA; verification itself is never turned off.
            ...(ca === undefined ? {} : { ca: [...tls.rootCertificates, ca] }),
          })
        : new http.Agent({ keepAlive: true, maxSockets: 16 });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * Where a URL points, as node:http's request options (what it would derive from the URL on each
 * request), kept per URL object: the wallet sends each account's few URLs again and again.
 */
const targets = new WeakMap<URL, http.RequestOptions>();

function targetOf(url: URL): http.RequestOptions {
  let target = targets.get(url);
  if (target === undefined) {
    const { hostname } = url;
    target = {
      protocol: url.protocol,
      // An IPv6 literal without its brackets, as node:http wants it.
      hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
      path: `${url.pathname}${url.search}`,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      ...(url.username === '' && url.password === ''
        ? {}
        : { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }),
    };
    targets.set(url, target);
  }
  return target;
}

const tlsErrorCodes = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function networkError(error: NodeJS.ErrnoException, url: URL, timeoutMs: number): WalletError {
  const server = url.origin;
  const code = error.code ?? '';
  if (code === 'ETIMEDOUT_TW')
    return new WalletError('unreachable', `no answer within ${Math.round(timeoutMs / 1000)} s`, { server });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new WalletError('unreachable', `cannot resolve host ${url.hostname}`, { server });
  if (code === 'ECONNREFUSED') return new WalletError('unreachable', 'connection refused', { server });
  if (code === 'ECONNRESET' || code === 'EPIPE' || error.message === 'socket hang up') {
    return new WalletError('unreachable', 'connection reset by the server', { server });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new WalletError('unreachable', 'host unreachable', { server });
  if (tlsErrorCodes.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    const hint =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? '' : '; for a self-signed appliance, give its CA with --ca-file';
    return new WalletError('unreachable', `TLS certificate not trusted (${code})${hint}`, { server });
  }
  return new WalletError('unreachable', `network error ${code || error.message}`, { server });
}

/**
 * One HTTP exchange with a time limit and a size cap. Certificates are always verified;
 * a per-account CA is the only way to trust a self-signed appliance.
 */
export const httpRequest: HttpTransport = (request) => exchange(request, true);

/**
 * A keep-alive socket the server closed while idle fails the next request on it with a reset before
 * any answer: the request never reached the server, so it is sent once more on a fresh socket (the
 * race Node's documentation describes for `request.reusedSocket`). Any other failure is final.
 */
function staleKeepAlive(req: http.ClientRequest, error: NodeJS.ErrnoException): boolean {
  return (
    req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.message === 'socket hang up')
  );
}

// Over 60 lines on purpose: one request's life: time-out, size cap, CA, keep-alive retry share one promise.
// eslint-disable-next-line max-lines-per-function
function exchange(request: Parameters<HttpTransport>[0], mayRetry: boolean): Promise<HttpResponse> {
  const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
  const maxBodyBytes = request.maxBodyBytes ?? defaultMaxBodyBytes;
  const { url } = request;
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { 'User-Agent': 'token-wallet/0.1', ...request.headers };
  if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));

  // eslint-disable-next-line max-lines-per-function -- the promise of the request above
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: WalletError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const req = client.request(
      {
        ...targetOf(url),
        method: request.method,
        headers,
        agent: agentFor(url.protocol, request.ca),
        ...(url.protocol === 'https:' ? { rejectUnauthorized: true } : {}),
      },
      (res) => {
        const receivedAt = Date.now();
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBodyBytes) {
          fail(
            new WalletError('unexpected', `response larger than ${formatBytes(maxBodyBytes)}`, {
              server: url.origin,
              status: res.statusCode,
            }),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            fail(
              new WalletError('unexpected', `response larger than ${formatBytes(maxBodyBytes)}`, {
                server: url.origin,
                status: res.statusCode,
              }),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (error: NodeJS.ErrnoException) => fail(networkError(error, url, timeoutMs)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          // One chunk (a token answer, usually) is the body as it is: no copy.
          const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, receivedAt });
        });
      },
    );
    const timer = setTimeout(() => {
      fail(networkError(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_TW' }), url, timeoutMs));
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!settled && mayRetry && staleKeepAlive(req, error)) {
        settled = true;
        clearTimeout(timer);
        exchange(request, false).then(resolve, reject);
        return;
      }
      fail(networkError(error, url, timeoutMs));
    });
    req.end(request.body);
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** A CA file is small: anything bigger is not one (and must not fill memory). */
export const maxCaFileBytes = 1024 * 1024;

/**
 * Reads a CA file without ever blocking: opened non-blocking (a FIFO does not wait for a writer),
 * then only a regular file of at most 1 MiB is read. Errors name the file and the reason.
 */
export function readCaFileSync(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new WalletError('usage', `cannot read CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
      field: 'caFile',
    });
  }
  try {
    const stat = fstatSync(fd);
    checkCaStat(file, stat.isFile(), stat.size);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The same, asynchronously (the agent's event loop must not wait on the disk either). */
export async function readCaFile(file: string): Promise<string> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new WalletError('usage', `cannot read CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
      field: 'caFile',
    });
  }
  try {
    const stat = await handle.stat();
    checkCaStat(file, stat.isFile(), stat.size);
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(stat.size), 0, stat.size, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function checkCaStat(file: string, regular: boolean, size: number): void {
  if (!regular) throw new WalletError('usage', `CA file ${file} is not a regular file`, { field: 'caFile' });
  if (size > maxCaFileBytes)
    throw new WalletError('usage', `CA file ${file} is larger than 1 MiB; not a CA file`, { field: 'caFile' });
}
