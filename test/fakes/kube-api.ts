import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, sendJson, startFakeServer, type RunningServer } from './fake-server';

/**
 * The part of a Kubernetes API server kubectl needs for `get --raw /api`, over HTTPS, accepting
 * only bearer tokens that `isValid` (a fake token API's) says are valid right now.
 */
export interface KubeApiFake extends RunningServer {
  /** Every Authorization header seen: none, or a bearer token. */
  seen: Array<{ path: string; token: string | undefined; status: number }>;
}

export async function startKubeApiFake(
  tls: { key: string; cert: string },
  isValid: (token: string) => boolean,
): Promise<KubeApiFake> {
  const seen: KubeApiFake['seen'] = [];
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'https://kube');
    const token = bearerToken(request);
    if (token === undefined || !isValid(token)) {
      seen.push({ path: url.pathname, token, status: 401 });
      sendJson(response, 401, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
      return;
    }
    seen.push({ path: url.pathname, token, status: 200 });
    if (url.pathname === '/api') {
      sendJson(response, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
      });
      return;
    }
    sendJson(response, 404, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'not found',
      reason: 'NotFound',
      code: 404,
    });
  };
  const server = await startFakeServer(handler, { tls });
  return { ...server, seen };
}
