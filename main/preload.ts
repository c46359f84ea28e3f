import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

/**
 * The narrow preload: one function per dashboard operation, nothing else of Electron. Channel
 * names are spelled out (a sandboxed preload may only require 'electron').
 */
const channel = (method: string): string => `token-wallet:${method}`;
const invoke =
  (method: string) =>
  (...params: unknown[]): Promise<unknown> =>
    ipcRenderer.invoke(channel(method), ...params);

const api = {
  list: invoke('list'),
  providers: invoke('providers'),
  add: invoke('add'),
  update: invoke('update'),
  remove: invoke('remove'),
  renew: invoke('renew'),
  test: invoke('test'),
  logout: invoke('logout'),
  login: invoke('login'),
  testNew: invoke('testNew'),
  copy: invoke('copy'),
  onEvent(listener: (event: unknown) => void): () => void {
    // The Electron event object never reaches the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on('token-wallet:event', wrapped);
    return () => {
      ipcRenderer.removeListener('token-wallet:event', wrapped);
    };
  },
};

export type PreloadApi = typeof api;

contextBridge.exposeInMainWorld('tokenWallet', api);
