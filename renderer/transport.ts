import type { UiError, UiEvent, UiMethod } from '../app/ui-contract';
import { RpcClient } from '../app/common/rpc';

/** How the dashboard reaches its host. The store never sees which one it is. */
export interface Transport {
  call(method: UiMethod, params: unknown[]): Promise<unknown>;
  onEvent(listener: (event: UiEvent) => void): () => void;
  /** `revision`: the host's event count when the connection started (browser mode; see initial-data.ts). */
  onConnection(listener: (state: 'ready' | 'lost', revision?: string) => void): () => void;
}

/** A failure from the host, with the form field it concerns. */
export class HostError extends Error {
  readonly kind: string;
  readonly field: string | undefined;

  constructor(error: UiError) {
    super(error.message);
    this.kind = error.kind;
    this.field = error.field;
  }
}

/** What the Electron preload exposes: one function per UiApi method, answering with an envelope. */
export type PreloadEnvelope = { ok: true; result: unknown } | { ok: false; error: UiError };
export type PreloadBridge = Record<UiMethod, (...params: unknown[]) => Promise<PreloadEnvelope>> & {
  onEvent(listener: (event: UiEvent) => void): () => void;
};

export function preloadTransport(bridge: PreloadBridge): Transport {
  return {
    call: async (method, params) => {
      const envelope = await bridge[method](...params);
      if (envelope.ok) return envelope.result;
      throw new HostError(envelope.error);
    },
    onEvent: (listener) => bridge.onEvent(listener),
    onConnection: (listener) => {
      listener('ready');
      return () => undefined;
    },
  };
}

/**
 * Browser mode: the page's own origin. The session is an HttpOnly cookie the browser sends with the
 * upgrade: this script never holds a secret, so an injected one has none to read.
 */
export function webSocketTransport(
  url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
): Transport {
  const eventListeners = new Set<(event: UiEvent) => void>();
  const connectionListeners = new Set<(state: 'ready' | 'lost', revision?: string) => void>();
  let socket: WebSocket;
  const rpc = new RpcClient((text) => socket.send(text), { toError: (error) => new HostError(error as UiError) });
  let ready: Promise<void>;

  const connect = (): void => {
    socket = new WebSocket(url);
    ready = new Promise<void>((resolve, reject) => {
      socket.addEventListener('message', (message: MessageEvent<string>) => {
        const data = JSON.parse(message.data) as { ready?: true; revision?: string; event?: UiEvent };
        if (data.ready === true) {
          resolve();
          for (const listener of connectionListeners) listener('ready', data.revision);
          return;
        }
        if (data.event !== undefined) {
          for (const listener of eventListeners) listener(data.event);
          return;
        }
        rpc.receive(data);
      });
      socket.addEventListener('close', () => {
        reject(new HostError({ kind: 'unreachable', message: 'the wallet host is not running' }));
        rpc.failAll(new HostError({ kind: 'unreachable', message: 'connection to the wallet lost' }));
        for (const listener of connectionListeners) listener('lost');
      });
    });
    ready.catch(() => undefined);
  };
  connect();

  return {
    call: async (method, params) => {
      await ready;
      return rpc.call(method, params);
    },
    onEvent: (listener) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnection: (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}
