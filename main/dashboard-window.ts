import type { BrowserWindow } from 'electron';
import type { UiService } from '../app/ui-service';
import { createDashboardWindow } from './window';

export interface DashboardWindow {
  /** Shows the dashboard (creating it once), focused on an account when one is named. */
  open(accountId?: string): void;
  current(): BrowserWindow | null;
  /** From now on closing the window really closes it (the app is quitting). */
  quitting(): void;
}

/** The one dashboard window: closing it hides it, so the app stays in the tray. */
export function dashboardWindow(preloadPath: string, development: boolean, ui: UiService): DashboardWindow {
  let window: BrowserWindow | null = null;
  let quitting = false;
  return {
    open(accountId) {
      if (window === null || window.isDestroyed()) {
        window = createDashboardWindow(preloadPath, development);
        window.on('close', (event) => {
          if (!quitting) {
            event.preventDefault();
            window?.hide();
          }
        });
      }
      window.show();
      window.focus();
      if (accountId !== undefined) ui.emit({ type: 'focus', accountId });
    },
    current: () => window,
    quitting() {
      quitting = true;
    },
  };
}
