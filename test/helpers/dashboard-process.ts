import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cliPath } from './cli-runner';

export interface DashboardProcess {
  child: ChildProcess;
  /** The URL with this run's secret in the fragment. */
  openUrl: string;
  origin: string;
  stop(): Promise<number | null>;
}

/** Starts `token-wallet dashboard --no-open` for a home and returns the URL it prints. */
export async function startDashboard(home: string, env: Record<string, string> = {}): Promise<DashboardProcess> {
  const child = spawn(process.execPath, [cliPath, 'dashboard', '--no-open'], {
    env: { ...process.env, TOKEN_WALLET_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the dashboard did not start: ${stderr}`)), 15_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', () => reject(new Error(`the dashboard exited: ${stderr}`)));
  });
  return {
    child,
    openUrl,
    origin: new URL(openUrl).origin,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
