import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAgent } from '../agent/agent-client';
import { openInBrowser } from '../dashboard/dashboard-opener';
import { startDashboardServer, type DashboardServer } from '../dashboard/dashboard-server';
import { usageError } from '../errors';
import { startWalletHost, stopSignal, type WalletHost } from '../wallet-host';
import { parse, type CliIo } from './cli';
import { openHomeStore } from './store-access';
import { transportFromEnv } from './transport';

/** The built renderer: beside the CLI bundle (dist/renderer), or dist/renderer of the project when run from source. */
export function rendererDirectory(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'renderer'), path.resolve(here, '..', '..', 'dist', 'renderer')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html'))) ?? (candidates[0] as string);
}

/**
 * Lets a second `token-wallet dashboard` reach this host's dashboard: the one already served, or
 * (for `token-wallet agent`) one started on first request. Returns what stops it.
 */
export function offerDashboard(host: WalletHost, existing?: DashboardServer): () => Promise<void> {
  let server: Promise<DashboardServer> | null = existing === undefined ? null : Promise.resolve(existing);
  host.agent.offerDashboard(async () => {
    server ??= startDashboardServer({
      api: host.ui,
      onEvent: (listener) => host.ui.onEvent(listener),
      rendererDir: rendererDirectory(),
    });
    return (await server).mintLink();
  });
  return async () => {
    if (server !== null && existing === undefined) await (await server).close();
  };
}

/** Another host (agent, dashboard or the app) serves this home: open its dashboard instead of starting one. */
async function openRunning(home: string, io: CliIo, noOpen: boolean): Promise<number | null> {
  const running = await connectAgent(home);
  if (running === null) return null;
  let link: string | null;
  try {
    link = await running.dashboardLink();
  } finally {
    await running.close();
  }
  if (link === null) {
    io.stderr.write('token-wallet: the Token Wallet app already runs for this home; it showed its dashboard window\n');
    return 0;
  }
  io.stderr.write(
    `token-wallet: a dashboard is already running for ${home} (${new URL(link).origin}); ${
      noOpen ? 'here is a ' + 'fresh one-time link' : 'opening it'
    }\n`,
  );
  if (noOpen) io.stdout.write(`${link}\n`);
  else openInBrowser(home, link);
  return 0;
}

/**
 * `token-wallet dashboard [--port N] [--no-open]`: the dashboard in a browser, with the wallet,
 * its renewals and the agent socket in this process (the CLI shares its sessions meanwhile).
 * The link that grants access never goes on a command line: the browser is given a private file.
 */
export async function runDashboardCommand(args: string[], home: string, io: CliIo): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, 'no-open': { type: 'boolean' } }, 0, 'dashboard');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw usageError(`invalid port "${values.port}"`);
  const noOpen = values['no-open'] === true;
  const reused = await openRunning(home, io, noOpen);
  if (reused !== null) return reused;
  const rendererDir = rendererDirectory();
  if (!existsSync(path.join(rendererDir, 'index.html')))
    throw usageError('the dashboard is not built; run npm run build');

  // The host asks for the file store's passphrase once, here, and keeps the key in memory.
  const { store } = await openHomeStore(home, io);
  // Sign-ins a person starts from the dashboard open the browser (or print a device code) from here.
  const { terminalInteraction } = await import('../auth/oauth/terminal-interaction');
  const host = await startWalletHost({
    home,
    secrets: store,
    http: transportFromEnv(io.env),
    wakeCheckIntervalMs: 30_000,
    interaction: terminalInteraction(home, io.stderr, io.env),
  });
  const { ui } = host;
  host.reminders.onReminder((reminder) =>
    io.stderr.write(`token-wallet: ${reminder.title} (token-wallet login ${reminder.name})\n`),
  );
  let server: DashboardServer;
  try {
    server = await startDashboardServer({
      api: ui,
      onEvent: (listener) => ui.onEvent(listener),
      rendererDir,
      ...(port === 0 ? {} : { port }),
    });
  } catch (error) {
    // Nothing stays behind: no socket, no renewals, no process.
    await host.stop();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw usageError(`port ${port} on 127.0.0.1 is in use; pick another with --port, or leave --port out`);
    if (code === 'EACCES') throw usageError(`port ${port} needs privileges; pick one above 1023`);
    throw error;
  }
  offerDashboard(host, server);
  // Listening before the link is out: whoever waits for it may signal at once.
  const stopped = stopSignal();
  if (noOpen) {
    io.stdout.write(`${server.openUrl}\n`);
    io.stderr.write(
      `token-wallet: dashboard on ${server.url} (the link above carries this run's secret: keep it to yourself); ` +
        `Ctrl-C stops it\n`,
    );
  } else {
    openInBrowser(home, server.mintLink());
    io.stderr.write(
      `token-wallet: dashboard on ${server.url}, opened in your browser (token-wallet dashboard --no-open prints a ` +
        `link); Ctrl-C stops it\n`,
    );
  }

  await stopped;
  await server.close();
  await host.stop();
  return 0;
}
