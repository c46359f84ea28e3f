import { appHost, appScheme } from './window-policy';

/** What main/ipc.ts knows of an IPC message's sender. */
export interface IpcSender {
  /** The sending frame's URL (event.senderFrame.url). */
  frameUrl: string | null | undefined;
  /** Whether the sending frame is its page's main frame. */
  isMainFrame: boolean;
  /** The sending webContents' id. */
  webContentsId: number;
}

/** Only our dashboard window's main frame, showing our own origin, may call the wallet. */
export function isTrustedSender(sender: IpcSender, dashboardWebContentsId: number | null): boolean {
  if (dashboardWebContentsId === null || sender.webContentsId !== dashboardWebContentsId || !sender.isMainFrame)
    return false;
  try {
    // URL.origin is "null" for custom schemes: compare scheme and host.
    const url = new URL(sender.frameUrl ?? '');
    return url.protocol === `${appScheme}:` && url.host === appHost;
  } catch {
    return false;
  }
}

export const uiChannelPrefix = 'token-wallet:';
export const uiEventChannel = 'token-wallet:event';
