import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, Notification } from 'electron';
import { ClipboardGuard } from '../app/desktop/clipboard-guard';
import { defaultWalletHome } from '../app/home';
import { openLogger } from '../app/log/logger';
import { openSecretStore } from '../app/secrets/open-secret-store';
import { startWalletHost, type WalletHost } from '../app/wallet-host';
import { electronClipboard } from './clipboard';
import { dashboardWindow } from './dashboard-window';
import { registerUiIpc } from './ipc';
import { quitGracefully, watchSystem } from './lifecycle';
import { notifier, showSignInReminders } from './notifier';
import { desktopInteraction } from './sign-in-interaction';
import { installTestHooks } from './test-hooks';
import { startTray } from './tray';
import { registerAppScheme, serveRenderer } from './window';

/**
 * The Electron main process: a thin shell applying app/'s pure decisions to Tray, Menu,
 * BrowserWindow, IPC, Notification, clipboard and powerMonitor (one module each). It also hosts
 * the agent socket, so the CLI shares the app's one session per account.
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

if (!app.requestSingleInstanceLock()) app.quit();
else void start();

/** The home's store; an encrypted-file wallet needs its passphrase file (the app has no terminal to ask on). */
async function openStore(): Promise<Awaited<ReturnType<typeof openSecretStore>>> {
  return openSecretStore({
    home,
    env: process.env,
    passphrase: async () => {
      const file = process.env.TOKEN_WALLET_PASSPHRASE_FILE;
      if (file === undefined || file === '')
        throw new Error(
          'this wallet keeps its secrets in an encrypted file: set TOKEN_WALLET_PASSPHRASE_FILE, or run ' +
            'token-wallet dashboard in a terminal',
        );
      return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    },
  });
}

// Over 60 lines on purpose: Electron's start order (single instance, store, host, window, tray).
// eslint-disable-next-line max-lines-per-function
async function start(): Promise<void> {
  await app.whenReady();
  app.dock?.hide();
  serveRenderer(path.join(here, '..', 'renderer'));
  const log = openLogger({ home });
  const clipboardGuard = new ClipboardGuard(electronClipboard, {
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  });
  let host: WalletHost;
  try {
    const { store } = await openStore();
    host = await startWalletHost({
      home,
      secrets: store,
      writeClipboard: (text, clearAfterMs) => clipboardGuard.copy(text, clearAfterMs),
      interaction: desktopInteraction(home),
    });
  } catch (error) {
    // Another agent (a `token-wallet agent` in a terminal) already serves this home, or no store opens.
    new Notification({ title: 'Token Wallet', body: `Not starting: ${(error as Error).message}` }).show();
    app.quit();
    return;
  }
  const window = dashboardWindow(path.join(here, 'preload.cjs'), development, host.ui);
  const openDashboard = (accountId?: string): void => window.open(accountId);
  const stopIpc = registerUiIpc(host.ui, () => window.current());
  // `token-wallet dashboard` while the app runs: show this window rather than a browser tab.
  host.agent.offerDashboard(async () => {
    openDashboard();
    return null;
  });
  app.on('second-instance', () => openDashboard());

  const tray = startTray(host, openDashboard);
  const notify = notifier(host, openDashboard);
  const stopReminders = showSignInReminders(host, openDashboard);
  const onChange = (): void => {
    tray.refresh().catch((error: unknown) => log.warn({ cause: error }, 'the tray menu could not be refreshed'));
    notify().catch((error: unknown) => log.warn({ cause: error }, 'notifications could not be decided'));
  };
  host.wallet.onEvent(onChange);
  host.renewals.scheduler.onEvent(onChange);
  const stopQueue = host.signIns.onChange(onChange);
  const stopWatching = watchSystem(host, onChange);
  onChange();

  // For the Electron smoke test only: compiled out of the production bundle (scripts/build-main.mjs).
  if (__TOKEN_WALLET_TEST_HOOKS__)
    installTestHooks({
      trayExists: () => tray.exists(),
      copy: (name) => host.ui.copy(name, 'token'),
      openDashboard: () => openDashboard(),
    });

  app.on('window-all-closed', () => {
    // A tray app stays running with no window open.
  });
  quitGracefully(host, [
    window.quitting,
    stopWatching,
    stopReminders,
    stopQueue,
    () => clipboardGuard.expire(),
    stopIpc,
    () => tray.destroy(),
    () => log.flush(),
  ]);
}
