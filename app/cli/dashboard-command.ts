import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDashboardServer } from '../dashboard/dashboard-server';
import { usageError } from '../errors';
import { KeytarSecretStore } from '../secrets/keytar-store';
import { startWalletHost, stopSignal } from '../wallet-host';
import { parse, type CliIo } from './cli';
import { transportFromEnv } from './transport';

/** The built renderer: beside the CLI bundle (dist/renderer), or dist/renderer of the project when run from source. */
export function rendererDirectory(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'renderer'), path.resolve(here, '..', '..', 'dist', 'renderer')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html'))) ?? (candidates[0] as string);
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/**
 * `token-wallet dashboard [--port N] [--no-open]`: the dashboard in a browser, with the wallet,
 * its renewals and the agent socket in this process (the CLI shares its sessions meanwhile).
 */
export async function runDashboardCommand(args: string[], home: string, io: CliIo): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, 'no-open': { type: 'boolean' } }, 0);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw usageError(`invalid port "${values.port}"`);
  const rendererDir = rendererDirectory();
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw usageError('the dashboard is not built; run npm run build');

  const host = await startWalletHost({ home, secrets: new KeytarSecretStore(), http: transportFromEnv(io.env), wakeCheckIntervalMs: 30_000 });
  const { ui } = host;
  const server = await startDashboardServer({ api: ui, onEvent: (listener) => ui.onEvent(listener), rendererDir, ...(port === 0 ? {} : { port }) });
  io.stdout.write(`${server.openUrl}\n`);
  io.stderr.write(`token-wallet: dashboard on ${server.url} (the link above carries this run's secret); Ctrl-C stops it\n`);
  if (values['no-open'] !== true) openInBrowser(server.openUrl);

  await stopSignal();
  await server.close();
  await host.stop();
  return 0;
}
