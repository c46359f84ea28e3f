import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { dispatchUi, uiError, validateUiRequest } from '../app/contract-validation';

import { isTrustedSender, uiChannelPrefix, uiEventChannel } from '../app/desktop/ipc-guard';
import { uiMethods, type UiEvent } from '../app/ui-contract';
import type { UiService } from '../app/ui-service';

/**
 * The one IPC wrapper: a handler per UiApi method; each checks the sender (our window's main
 * frame, our origin) and validates the payload before the wallet sees it. Answers are envelopes,
 * errors one plain line with the field they concern, never a stack.
 */
export function registerUiIpc(ui: UiService, dashboard: () => BrowserWindow | null): () => void {
  for (const method of uiMethods) {
    ipcMain.handle(`${uiChannelPrefix}${method}`, async (event: IpcMainInvokeEvent, ...params: unknown[]) => {
      const window = dashboard();
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        {
          frameUrl: frame?.url,
          isMainFrame: frame !== null && frame === event.sender.mainFrame,
          webContentsId: event.sender.id,
        },
        window === null || window.isDestroyed() ? null : window.webContents.id,
      );
      if (!trusted) return { ok: false, error: { kind: 'usage', message: 'refused: not the dashboard window' } };
      try {
        const result = await dispatchUi(ui, validateUiRequest(method, params));
        return { ok: true, result: result ?? null };
      } catch (error) {
        return { ok: false, error: uiError(error) };
      }
    });
  }
  const unsubscribe = ui.onEvent((event: UiEvent) => {
    const window = dashboard();
    if (window !== null && !window.isDestroyed()) window.webContents.send(uiEventChannel, event);
  });
  return () => {
    unsubscribe();
    for (const method of uiMethods) ipcMain.removeHandler(`${uiChannelPrefix}${method}`);
  };
}
