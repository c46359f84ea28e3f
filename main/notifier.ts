import { Notification } from 'electron';
import { decideNotifications, emptyNotificationMemory, notificationInputs } from '../app/scheduler/notifications';
import type { WalletHost } from '../app/wallet-host';

/** Sign-in reminders (app/scheduler/sign-in-reminders.ts decides, once per deadline) as desktop notifications. */
export function showSignInReminders(host: WalletHost, openDashboard: (accountId?: string) => void): () => void {
  return host.reminders.onReminder((reminder) => {
    const notification = new Notification({ title: reminder.title, body: reminder.body });
    notification.on('click', () => openDashboard(reminder.accountId));
    notification.show();
  });
}

/** Desktop notifications: app/'s pure decision (once per cause) shown; a click opens that account. */
export function notifier(host: WalletHost, openDashboard: (accountId?: string) => void): () => Promise<void> {
  let memory = emptyNotificationMemory();
  return async () => {
    const accounts = await host.ui.list();
    const decided = decideNotifications(
      memory,
      notificationInputs(accounts, (id) => host.renewals.scheduler.entry(id)),
      Date.now(),
    );
    memory = decided.memory;
    for (const item of decided.notifications) {
      const notification = new Notification({ title: item.title, body: item.body });
      notification.on('click', () => openDashboard(item.accountId));
      notification.show();
    }
  };
}
