import { startWalletHost, stopSignal } from '../wallet-host';
import { parse } from './args';
import type { CliIo } from './cli';
import { offerDashboard } from './dashboard-command';
import { openHomeStore } from './store-access';
import { transportFromEnv } from './transport';

/**
 * `token-wallet agent`: renews every account's token in the foreground and serves the wallet API
 * on the home's socket. Logs state changes (never a secret) and stops cleanly on SIGINT/SIGTERM.
 */
// Over 60 lines on purpose: the agent's start and its ordered shutdown read best as one sequence.
// eslint-disable-next-line max-lines-per-function
export async function runAgentCommand(args: string[], home: string, io: CliIo): Promise<number> {
  parse(args, {}, 0, 'agent');
  const log = (text: string): void => {
    io.stderr.write(`${new Date().toISOString()} ${text}\n`);
  };
  // The file store's passphrase is asked once, here; the key stays in this process's memory.
  const { store } = await openHomeStore(home, io);
  // Sign-ins a person asks for through the agent (login, token) open the browser from here.
  const { terminalInteraction } = await import('../auth/oauth/terminal-interaction');
  const interaction = terminalInteraction(home, io.stderr, io.env);
  const host = await startWalletHost({
    home,
    secrets: store,
    http: transportFromEnv(io.env),
    wakeCheckIntervalMs: 30_000,
    interaction,
  });
  const { wallet, renewals } = host;
  // A `token-wallet dashboard` meanwhile gets a dashboard served from here.
  const stopDashboard = offerDashboard(host);
  const accounts = await wallet.accounts();
  const names = new Map(accounts.map((account) => [account.id, account.name]));
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
  log(`agent running for ${home} with ${accounts.length} account(s); socket ${host.agent.socketPath}`);
  log(`${await stopSignal()}: stopping`);
  await stopDashboard();
  await host.stop();
  log('agent stopped');
  return 0;
}
