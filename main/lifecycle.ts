import { app, net, powerMonitor } from 'electron';
import type { WalletHost } from '../app/wallet-host';

/**
 * Sleep, unlock, focus and the network coming back: every due time is re-checked against the wall
 * clock. A coarse 30 s tick refreshes minute labels and notices the network (main has no online event).
 */
export function watchSystem(host: WalletHost, onChange: () => void): () => void {
  const wake = (): void => host.renewals.wake();
  let wasOnline = net.isOnline();
  const tick = setInterval(() => {
    const online = net.isOnline();
    if (online && !wasOnline) wake();
    wasOnline = online;
    onChange();
  }, 30_000);
  powerMonitor.on('resume', wake);
  powerMonitor.on('unlock-screen', wake);
  app.on('browser-window-focus', wake);
  return () => {
    clearInterval(tick);
    powerMonitor.off('resume', wake);
    powerMonitor.off('unlock-screen', wake);
  };
}

/** Quitting: stop the watchers, log out where the user asked for it on quit, then stop the host. */
export function quitGracefully(host: WalletHost, cleanups: Array<() => void>): void {
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void (async () => {
      for (const cleanup of cleanups) cleanup();
      const logoutOnQuit = (await host.wallet.accounts()).filter((account) => account.policy?.logoutOnQuit === true);
      // remember: false — a log-out-on-quit is the app's doing, so the next start logs in as usual.
      await Promise.allSettled(logoutOnQuit.map((account) => host.wallet.logout(account.id, { remember: false })));
      await host.stop();
      app.exit(0);
    })();
  });
}
