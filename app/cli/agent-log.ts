import type { WalletHost } from '../wallet-host';

/**
 * What `token-wallet agent` says about a host's accounts on its stderr: state changes a person
 * needs (failures, attention, recovery, logouts, removals, reminders), never a secret.
 */
export function logHostEvents(host: WalletHost, log: (text: string) => void): void {
  const { wallet, renewals } = host;
  const names = new Map<string, string>();
  const nameOf = async (id: string): Promise<string> => {
    if (!names.has(id)) {
      for (const account of await wallet.accounts()) names.set(account.id, account.name);
    }
    return names.get(id) ?? id;
  };
  wallet.onEvent((event) => {
    void (async () => {
      if (
        event.type === 'account-changed' &&
        (await wallet.store.readAccountState(event.accountId)).loggedOut === true
      ) {
        log(
          `${await nameOf(event.accountId)} logged out: no renewal until a token is asked for or it is logged in again`,
        );
      }
      if (event.type === 'renewed')
        log(`renewed ${await nameOf(event.accountId)}: valid until ${new Date(event.expiresAt).toISOString()}`);
      if (event.type === 'renewal-failed')
        log(`renewal of ${await nameOf(event.accountId)} failed: ${event.error.message}`);
      if (event.type === 'account-removed') log(`account ${names.get(event.accountId) ?? event.accountId} removed`);
    })();
  });
  host.reminders.onReminder((reminder) => log(`reminder: ${reminder.title} (token-wallet login ${reminder.name})`));
  renewals.scheduler.onEvent((event) => {
    void (async () => {
      if (event.type === 'attention')
        log(
          `${await nameOf(event.accountId)} needs attention: ${event.error.message}; renewal paused until it is edited`,
        );
      if (event.type === 'recovered') log(`${await nameOf(event.accountId)} renews again`);
      if (event.type === 'renewal-failed')
        log(`${await nameOf(event.accountId)}: next attempt at ${new Date(event.nextAttemptAt).toISOString()}`);
    })();
  });
}
