import { startAgentServer, type AgentServer } from './agent/agent-server';
import { limitHostHeap } from './agent/host-heap';
import type { SignInInteraction } from './providers/provider';
import { startTokenHttpServer } from './agent/token-http-server';
import type { HttpTransport } from './http/http-client';
import { RenewalService } from './renewal-service';
import { systemClock } from './scheduler/clock';
import { SignInReminderService } from './scheduler/sign-in-reminder-service';
import { SignInQueue } from './auth/oauth/sign-in-queue';
import { hostInteraction } from './auth/oauth/host-interaction';
import type { SecretStore } from './secrets/secret-store';
import { UiService } from './ui-service';
import { Wallet } from './wallet';
import { isInteractiveGrant, type AccountRecord, type AccountView } from './model';

/**
 * What every long-running host of a home runs (`token-wallet agent`, `token-wallet dashboard`, the
 * Electron app): the wallet as the home's only renewer, the agent socket the CLI talks to, the
 * renewal scheduler and the dashboard's service, started and stopped in one order.
 */
export interface WalletHost {
  wallet: Wallet;
  agent: AgentServer;
  renewals: RenewalService;
  ui: UiService;
  /** Reminders a while before a browser/device account's sign-in is due (once per deadline). */
  reminders: SignInReminderService;
  /** Browser and device sign-ins: one prompt at a time; the others wait (shown in tray and dashboard). */
  signIns: SignInQueue;
  stop(): Promise<void>;
}

export interface WalletHostOptions {
  home: string;
  secrets: SecretStore;
  http?: HttpTransport;
  /** Electron writes the clipboard itself, so copied tokens never reach its renderer. */
  writeClipboard?: (text: string, clearAfterMs: number) => void | Promise<void>;
  /** Hosts without power events look at the wall clock this often. */
  wakeCheckIntervalMs?: number;
  /** The person at this desktop, for browser and device sign-ins they ask for (never the scheduler's). */
  interaction?: SignInInteraction;
}

export async function startWalletHost(options: WalletHostOptions): Promise<WalletHost> {
  limitHostHeap();
  const signIns = new SignInQueue();
  // Exclusive: while this host serves the home's socket, every CLI call goes through it.
  const wallet = new Wallet({
    home: options.home,
    secrets: options.secrets,
    exclusive: true,
    ...(options.http === undefined ? {} : { http: options.http }),
    ...(options.interaction === undefined ? {} : { interaction: hostInteraction(options.interaction, signIns) }),
  });
  // First, so a second host of the same home stops here, before renewing anything.
  const agent = await startAgentServer(options.home, wallet);
  // Shells' fast path (curl --unix-socket): plain HTTP beside the agent socket.
  const tokenHttp = await startTokenHttpServer(options.home, wallet).catch(async (error: unknown) => {
    await agent.close();
    throw error;
  });
  const renewals = new RenewalService(wallet, {
    clock: systemClock,
    ...(options.wakeCheckIntervalMs === undefined ? {} : { wakeCheckIntervalMs: options.wakeCheckIntervalMs }),
  });
  const ui = new UiService({
    wallet,
    ...(options.writeClipboard === undefined ? {} : { writeClipboard: options.writeClipboard }),
    nextRenewalAt: (id) => renewals.nextRenewalAt(id),
    signIns,
    onScheduleChange: (listener) => renewals.scheduler.onEvent((event) => listener(event.accountId)),
  });
  await renewals.start();
  const reminders = new SignInReminderService({
    home: options.home,
    accounts: () => signInAccounts(wallet),
    clock: systemClock,
  });
  wallet.onEvent(() => reminders.poke());
  // The first look comes a moment after start, so the host has subscribed to what it finds.
  reminders.poke();
  return {
    wallet,
    agent,
    renewals,
    ui,
    reminders,
    signIns,
    stop: async () => {
      reminders.stop();
      renewals.stop();
      ui.dispose();
      await tokenHttp?.close();
      await agent.close();
      await wallet.store.flushStates();
      const left = wallet.closeSecrets();
      // Said once at exit: these sessions were never written (the keychain stayed away).
      if (left.unsaved > 0)
        process.stderr.write(
          `token-wallet: ${left.unsaved} renewed session(s) could not be saved: the keychain is unavailable ` +
            `(${left.message ?? 'no answer'})\n`,
        );
    },
  };
}

const interactiveOf = new WeakMap<readonly AccountRecord[], AccountRecord[]>();

/**
 * The accounts that can need a sign-in reminder (browser and device sign-ins), as views. Not every
 * account's view: reminders are looked at after every burst of renewals, and 10,000 password accounts
 * would cost more than the renewals themselves.
 */
async function signInAccounts(wallet: Wallet): Promise<AccountView[]> {
  const accounts = await wallet.accounts();
  // The same list (the config did not change) has the same browser and device accounts: not a scan a look.
  let interactive = interactiveOf.get(accounts);
  if (interactive === undefined) {
    interactive = accounts.filter((account) => isInteractiveGrant(account.options.grant));
    interactiveOf.set(accounts, interactive);
  }
  return Promise.all(
    interactive.map(async (account) => wallet.view(account, await wallet.store.readAccountState(account.id))),
  );
}

/** Resolves on the first SIGINT or SIGTERM, with its name. */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
