import { Notification } from 'electron';
import { openInBrowser } from '../app/dashboard/dashboard-opener';
import { stripControls } from '../app/errors';
import type { SignInInteraction } from '../app/providers/provider';

/**
 * The person at this desktop, for the sign-ins they start from the tray or the dashboard: the
 * system browser opened like the dashboard's (the link in a 0600 file, never in argv), and a
 * device code shown as a notification.
 */
export function desktopInteraction(home: string): SignInInteraction {
  return {
    say: (text) => new Notification({ title: 'Token Wallet: sign in', body: stripControls(text) }).show(),
    openBrowser: (url) => {
      openInBrowser(home, url);
      return true;
    },
  };
}
