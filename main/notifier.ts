import { Notification } from 'electron';
import { decideNotifications, emptyNotificationMemory, notificationInputs } from '../app/scheduler/notifications';
import type { WalletHost } from '../app/wallet-host';

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
