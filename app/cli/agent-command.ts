import { limitHostHeap } from '../agent/host-heap';
import { startWalletHost, stopSignal } from '../wallet-host';
import { logHostEvents } from './agent-log';
import { parse } from './args';
import type { CliIo } from './cli';
import { offerDashboard } from './dashboard-command';
import { openHomeStore } from './store-access';
import { transportFromEnv } from './transport';

/**
 * `token-wallet agent`: renews every account's token in the foreground and serves the wallet API
 * on the home's socket. Logs state changes (never a secret; each renewal with --verbose) and stops
 * cleanly on SIGINT/SIGTERM.
 */
export async function runAgentCommand(args: string[], home: string, io: CliIo, verbose = false): Promise<number> {
  parse(args, {}, 0, 'agent');
  // Before the store and the wallet load: a young generation once grown stays grown.
  limitHostHeap();
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
  const { wallet } = host;
  // A `token-wallet dashboard` meanwhile gets a dashboard served from here.
  const stopDashboard = offerDashboard(host);
  const accounts = await wallet.accounts();
  const stopLog = logHostEvents(host, log, verbose);
  // Listening before saying so: whoever waits for this line may signal at once.
  const stopped = stopSignal();
  log(`agent running for ${home} with ${accounts.length} account(s); socket ${host.agent.socketPath}`);
  log(`${await stopped}: stopping`);
  await stopDashboard();
  await host.stop();
  stopLog();
  log('agent stopped');
  return 0;
}
