import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { uiChannelPrefix, uiEventChannel } from '../app/desktop/ipc-guard';
import { uiMethods } from '../app/ui-contract';

/**
 * The narrow preload: exactly the UI contract's methods (from the one method table that
 * main/ipc.ts registers), plus event delivery; nothing else of Electron. Bundled, because a
 * sandboxed preload may only require 'electron'.
 */
const invokers = Object.fromEntries(
  uiMethods.map((method) => [
    method,
    (...params: unknown[]): Promise<unknown> => ipcRenderer.invoke(`${uiChannelPrefix}${method}`, ...params),
  ]),
);

const api = {
  ...invokers,
  onEvent(listener: (event: unknown) => void): () => void {
    // The Electron event object never reaches the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(uiEventChannel, wrapped);
    return () => {
      ipcRenderer.removeListener(uiEventChannel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('tokenWallet', api);
