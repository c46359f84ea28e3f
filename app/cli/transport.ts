import { httpRequest, type HttpTransport } from '../http/http-client';

/** TOKEN_WALLET_TIMEOUT_MS shortens or lengthens the per-request time-out (default 15 s). */
export function transportFromEnv(env: NodeJS.ProcessEnv): HttpTransport {
  const timeoutMs = Number(env.TOKEN_WALLET_TIMEOUT_MS);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return httpRequest;
  return (request) => httpRequest({ ...request, timeoutMs: request.timeoutMs ?? timeoutMs });
}
