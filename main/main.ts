import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, Menu, nativeImage, net, Notification, powerMonitor, Tray, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { ClipboardGuard } from '../app/desktop/clipboard-guard';
import { buildTrayMenu, traySignature, trayTooltip, type TrayAction, type TrayMenuItem } from '../app/desktop/tray-menu';
import { defaultWalletHome } from '../app/home';
import { decideNotifications, emptyNotificationMemory, notificationInputs } from '../app/scheduler/notifications';
import { KeytarSecretStore } from '../app/secrets/keytar-store';
import { startWalletHost, type WalletHost } from '../app/wallet-host';
import { electronClipboard } from './clipboard';
import { registerUiIpc } from './ipc';
import { installTestHooks } from './test-hooks';
import { trayIconDataUrl } from './tray-icon';
import { createDashboardWindow, registerAppScheme, serveRenderer } from './window';

/**
 * The Electron main process: a thin shell applying app/'s pure decisions to Tray, Menu,
 * BrowserWindow, IPC, Notification, clipboard and powerMonitor. It also hosts the agent socket,
 * so the CLI shares the app's one session per account.
 */
/** Set by scripts/build-main.mjs: false in the packaged main.js, true in the smoke test's main-test.js. */
declare const __TOKEN_WALLET_TEST_HOOKS__: boolean;

const here = path.dirname(fileURLToPath(import.meta.url));
// DevTools only in a development run: never in a packaged app, whatever the environment says.
const development = process.env.TOKEN_WALLET_DEV === '1' && !app.isPackaged;
const home = defaultWalletHome();
// Before ready: the app and the CLI share one wallet directory.
app.setPath('userData', home);
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  app.dock?.hide();
  serveRenderer(path.join(here, '..', 'renderer'));

  const clipboardGuard = new ClipboardGuard(electronClipboard, { setTimer: (callback, ms) => setTimeout(callback, ms), clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout) });
  let host: WalletHost;
  try {
    host = await startWalletHost({ home, secrets: new KeytarSecretStore(), writeClipboard: (text, clearAfterMs) => clipboardGuard.copy(text, clearAfterMs) });
  } catch (error) {
    // Another agent (a `token-wallet agent` in a terminal) already serves this home.
    new Notification({ title: 'Token Wallet', body: `Not starting: ${(error as Error).message}` }).show();
    app.quit();
    return;
  }
  const { wallet, renewals, ui } = host;

  let dashboard: BrowserWindow | null = null;
  let quitting = false;
  const openDashboard = (accountId?: string): void => {
    if (dashboard === null || dashboard.isDestroyed()) {
      dashboard = createDashboardWindow(path.join(here, 'preload.cjs'), development);
      dashboard.on('close', (event) => {
        // Closing the window keeps the app in the tray.
        if (!quitting) {
          event.preventDefault();
          dashboard?.hide();
        }
      });
    }
    dashboard.show();
    dashboard.focus();
    if (accountId !== undefined) ui.emit({ type: 'focus', accountId });
  };
  const stopIpc = registerUiIpc(ui, () => dashboard);
  // `token-wallet dashboard` while the app runs: show this window rather than a browser tab.
  host.agent.offerDashboard(async () => {
    openDashboard();
    return null;
  });
  app.on('second-instance', () => openDashboard());

  const tray = new Tray(nativeImage.createFromDataURL(trayIconDataUrl));
  let signature = '';
  const perform = (action: TrayAction): void => {
    void (async () => {
      try {
        switch (action.type) {
          case 'copy': {
            const account = (await wallet.accounts()).find((candidate) => candidate.id === action.accountId);
            if (account !== undefined) await ui.copy(account.name, action.kind);
            break;
          }
          case 'renew':
            await wallet.renew(action.accountId);
            break;
          case 'login':
            await wallet.login(action.accountId);
            break;
          case 'renew-all':
            await Promise.allSettled((await wallet.accounts()).map((account) => wallet.renew(account.id)));
            break;
          case 'open-dashboard':
            openDashboard(action.accountId);
            break;
          case 'toggle-start-at-login':
            app.setLoginItemSettings({ openAtLogin: !app.getLoginItemSettings().openAtLogin, openAsHidden: true });
            onChange();
            break;
          case 'quit':
            app.quit();
            break;
        }
      } catch (error) {
        new Notification({ title: 'Token Wallet', body: (error as Error).message }).show();
      }
    })();
  };
  const toElectron = (items: TrayMenuItem[]): MenuItemConstructorOptions[] =>
    items.map((item) => ({
      ...(item.label === undefined ? {} : { label: item.label }),
      type: item.type ?? 'normal',
      enabled: item.enabled ?? true,
      ...(item.checked === undefined ? {} : { checked: item.checked }),
      ...(item.submenu === undefined ? {} : { submenu: toElectron(item.submenu) }),
      ...(item.action === undefined ? {} : { click: () => perform(item.action as TrayAction) }),
    }));
  const refreshTray = async (): Promise<void> => {
    const accounts = await ui.list();
    const menu = buildTrayMenu(accounts, Date.now(), { startAtLogin: app.getLoginItemSettings().openAtLogin });
    const next = traySignature(menu);
    tray.setToolTip(trayTooltip(accounts));
    if (next === signature) return;
    signature = next;
    tray.setContextMenu(Menu.buildFromTemplate(toElectron(menu)));
  };
  tray.on('click', () => openDashboard());

  let memory = emptyNotificationMemory();
  const notify = async (): Promise<void> => {
    const accounts = await ui.list();
    const decided = decideNotifications(memory, notificationInputs(accounts, (id) => renewals.scheduler.entry(id)), Date.now());
    memory = decided.memory;
    for (const item of decided.notifications) {
      const notification = new Notification({ title: item.title, body: item.body });
      notification.on('click', () => openDashboard(item.accountId));
      notification.show();
    }
  };
  const onChange = (): void => {
    void refreshTray().catch(() => undefined);
    void notify().catch(() => undefined);
  };
  wallet.onEvent(onChange);
  renewals.scheduler.onEvent(onChange);
  // Time labels are in minutes: a coarse tick is enough; it drives the expiring-soon check and
  // notices the network coming back (main has no online event).
  let wasOnline = net.isOnline();
  const tick = setInterval(() => {
    const online = net.isOnline();
    if (online && !wasOnline) renewals.wake();
    wasOnline = online;
    onChange();
  }, 30_000);

  // Sleep, lock and network changes: re-check every due time against the wall clock.
  powerMonitor.on('resume', () => renewals.wake());
  powerMonitor.on('unlock-screen', () => renewals.wake());
  app.on('browser-window-focus', () => renewals.wake());

  onChange();

  // For the Electron smoke test only: compiled out of the production bundle (scripts/build-main.mjs).
  if (__TOKEN_WALLET_TEST_HOOKS__) installTestHooks({ trayExists: () => !tray.isDestroyed(), copy: (name) => ui.copy(name, 'token'), openDashboard: () => openDashboard() });

  app.on('window-all-closed', () => {
    // A tray app stays running with no window open.
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void (async () => {
      clearInterval(tick);
      clipboardGuard.expire();
      stopIpc();
      const logoutOnQuit = (await wallet.accounts()).filter((account) => account.policy?.logoutOnQuit === true);
      await Promise.allSettled(logoutOnQuit.map((account) => wallet.logout(account.id, { remember: false })));
      await host.stop();
      tray.destroy();
      app.exit(0);
    })();
  });
}
