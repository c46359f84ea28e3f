import { parseArgs } from 'node:util';
import { startAgentServer } from '../agent/agent-server';
import { usageError } from '../errors';
import { RenewalService } from '../renewal-service';
import { systemClock } from '../scheduler/clock';
import { KeytarSecretStore } from '../secrets/keytar-store';
import { Wallet } from '../wallet';
import type { CliIo } from './cli';
import { transportFromEnv } from './transport';

/**
 * `token-wallet agent`: renews every account's token in the foreground and serves the wallet API
 * on the home's socket. Logs state changes (never a secret) and stops cleanly on SIGINT/SIGTERM.
 */
export async function runAgentCommand(args: string[], home: string, io: CliIo): Promise<number> {
  try {
    parseArgs({ args, options: {}, allowPositionals: false, strict: true });
  } catch (error) {
    throw usageError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  const log = (text: string): void => {
    io.stderr.write(`${new Date().toISOString()} ${text}\n`);
  };
  // Exclusive: while the agent serves the home's socket, every CLI call goes through it.
  const wallet = new Wallet({ home, secrets: new KeytarSecretStore(), http: transportFromEnv(io.env), exclusive: true });
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
      if (event.type === 'renewed') log(`renewed ${await nameOf(event.accountId)}: valid until ${new Date(event.expiresAt).toISOString()}`);
      if (event.type === 'renewal-failed') log(`renewal of ${await nameOf(event.accountId)} failed: ${event.error.message}`);
      if (event.type === 'account-removed') log(`account ${names.get(event.accountId) ?? event.accountId} removed`);
    })();
  });
  const service = new RenewalService(wallet, { clock: systemClock, wakeCheckIntervalMs: 30_000 });
  service.scheduler.onEvent((event) => {
    void (async () => {
      if (event.type === 'attention') log(`${await nameOf(event.accountId)} needs attention: ${event.error.message}; renewal paused until it is edited`);
      if (event.type === 'recovered') log(`${await nameOf(event.accountId)} renews again`);
      if (event.type === 'renewal-failed') log(`${await nameOf(event.accountId)}: next attempt at ${new Date(event.nextAttemptAt).toISOString()}`);
    })();
  });
  const server = await startAgentServer(home, wallet);
  await service.start();
  log(`agent running for ${home} with ${accounts.length} account(s); socket ${server.socketPath}`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log(`${signal}: stopping`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve();
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  service.stop();
  await server.close();
  await wallet.store.flushStates();
  log('agent stopped');
  return 0;
}
