import type { WalletHost } from '../wallet-host';

/** Without --verbose, successful renewals are counted and said this often. */
const summaryEveryMs = 3_600_000;

/**
 * What `token-wallet agent` says about a host's accounts on its stderr: state changes a person
 * needs (failures, attention, recovery, logouts, removals, reminders), never a secret. A line for
 * each successful renewal only with --verbose (10,000 accounts renew ~3 a second); otherwise their
 * count once an hour. Returns what stops the hourly line.
 */
export function logHostEvents(host: WalletHost, log: (text: string) => void, everyRenewal = false): () => void {
  const { wallet, renewals } = host;
  let renewed = 0;
  const summary = setInterval(() => {
    if (renewed > 0) log(`renewed ${renewed} token(s) in the last hour`);
    renewed = 0;
  }, summaryEveryMs);
  summary.unref();
  const names = new Map<string, string>();
  const nameOf = async (id: string): Promise<string> => {
    if (!names.has(id)) {
      for (const account of await wallet.accounts()) names.set(account.id, account.name);
    }
    return names.get(id) ?? id;
  };
  wallet.onEvent((event) => {
    // Most events say nothing (a renewal's start, its count): no async work for them, per renewal.
    if (event.type === 'renewal-started') return;
    if (event.type === 'renewed' && !everyRenewal) {
      renewed += 1;
      return;
    }
    if (event.type === 'account-changed') {
      // The agent knows its accounts' state in memory: a file is read only when it does not.
      const known = wallet.store.knownAccountState(event.accountId);
      if (known !== undefined && known.loggedOut !== true) return;
    }
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
    if (event.type === 'renewal-started' || event.type === 'renewed') return;
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
  return () => clearInterval(summary);
}
