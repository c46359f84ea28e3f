import { app, Menu, nativeImage, Notification, Tray, type MenuItemConstructorOptions } from 'electron';
import {
  buildTrayMenu,
  traySignature,
  trayTooltip,
  type TrayAction,
  type TrayMenuItem,
} from '../app/desktop/tray-menu';
import type { WalletHost } from '../app/wallet-host';
import { trayIconDataUrl } from './tray-icon';

export interface AppTray {
  /** Rebuilds the menu only when its text changed (times are in whole minutes). */
  refresh(): Promise<void>;
  exists(): boolean;
  destroy(): void;
}

/** The first answer, kept: the tray refreshes on every renewal, and the store cannot change while the app runs. */
function readOnce<T>(read: () => Promise<T>): () => Promise<T> {
  let known: T | undefined;
  return async () => (known ??= await read());
}

/** The tray: app/'s pure menu (buildTrayMenu) applied to Electron, and its actions carried out. */
export function startTray(host: WalletHost, openDashboard: (accountId?: string) => void): AppTray {
  const { wallet, ui } = host;
  const tray = new Tray(nativeImage.createFromDataURL(trayIconDataUrl));
  let signature = '';
  const perform = async (action: TrayAction): Promise<void> => {
    switch (action.type) {
      case 'copy': {
        const account = (await wallet.accounts()).find((candidate) => candidate.id === action.accountId);
        if (account !== undefined) await ui.copy(account.name, action.kind);
        return;
      }
      case 'renew':
        await wallet.renew(action.accountId);
        return;
      case 'login':
        await wallet.login(action.accountId);
        return;
      case 'renew-all':
        await Promise.allSettled((await wallet.accounts()).map((account) => wallet.renew(account.id)));
        return;
      case 'open-dashboard':
        openDashboard(action.accountId);
        return;
      case 'toggle-start-at-login':
        app.setLoginItemSettings({ openAtLogin: !app.getLoginItemSettings().openAtLogin, openAsHidden: true });
        await refresh();
        return;
      case 'quit':
        app.quit();
    }
  };
  const click = (action: TrayAction): void => {
    perform(action).catch((error: unknown) =>
      new Notification({ title: 'Token Wallet', body: (error as Error).message }).show(),
    );
  };
  const toElectron = (items: TrayMenuItem[]): MenuItemConstructorOptions[] =>
    items.map((item) => ({
      ...(item.label === undefined ? {} : { label: item.label }),
      type: item.type ?? 'normal',
      enabled: item.enabled ?? true,
      ...(item.checked === undefined ? {} : { checked: item.checked }),
      ...(item.submenu === undefined ? {} : { submenu: toElectron(item.submenu) }),
      ...(item.action === undefined ? {} : { click: () => click(item.action as TrayAction) }),
    }));
  const secretStore = readOnce(() => ui.secretStore());
  const refresh = async (): Promise<void> => {
    const accounts = await ui.list();
    const options = { startAtLogin: app.getLoginItemSettings().openAtLogin, signIns: host.signIns.state() };
    const menu = buildTrayMenu(accounts, Date.now(), { ...options, secretStore: await secretStore() });
    tray.setToolTip(trayTooltip(accounts));
    const next = traySignature(menu);
    if (next === signature) return;
    signature = next;
    tray.setContextMenu(Menu.buildFromTemplate(toElectron(menu)));
  };
  tray.on('click', () => openDashboard());
  return { refresh, exists: () => !tray.isDestroyed(), destroy: () => tray.destroy() };
}
