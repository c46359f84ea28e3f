import { WalletError } from '../errors';

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

/** Our own time-out's code, so it reads the same wherever the exchange was when it ran out. */
export const timeoutCode = 'ETIMEDOUT_TW';

/** The socket went away under a request: a reset, a broken pipe, or undici's "other side closed". */
export function connectionLost(error: NodeJS.ErrnoException): boolean {
  const code = error.code ?? '';
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
}

/** What went wrong on the wire, in words, naming the server (never the request, which may hold secrets). */
export function networkError(error: NodeJS.ErrnoException, url: URL, timeoutMs: number): WalletError {
  const server = url.origin;
  const code = error.code ?? '';
  if (code === timeoutCode || code === 'UND_ERR_CONNECT_TIMEOUT') {
    const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    return new WalletError('unreachable', `no answer within ${limit}`, { server });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new WalletError('unreachable', `cannot resolve host ${url.hostname}`, { server });
  if (code === 'ECONNREFUSED') return new WalletError('unreachable', 'connection refused', { server });
  if (connectionLost(error)) return new WalletError('unreachable', 'connection reset by the server', { server });
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new WalletError('unreachable', 'host unreachable', { server });
  if (tlsErrorCodes.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    const hint =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? '' : '; for a self-signed appliance, give its CA with --ca-file';
    return new WalletError('unreachable', `TLS certificate not trusted (${code})${hint}`, { server });
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW')
    return new WalletError('unexpected', 'response headers too large', { server });
  if (code === 'UND_ERR_INVALID_ARG') return new WalletError('usage', `invalid request: ${error.message}`, { server });
  return new WalletError('unreachable', `network error ${code || error.message}`, { server });
}

export function tooLarge(url: URL, status: number, maxBodyBytes: number): WalletError {
  const size = maxBodyBytes >= 1024 * 1024 ? `${maxBodyBytes / (1024 * 1024)} MiB` : `${maxBodyBytes} bytes`;
  return new WalletError('unexpected', `response larger than ${size}`, { server: url.origin, status });
}
