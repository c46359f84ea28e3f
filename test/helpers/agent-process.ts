import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath } from './cli-runner';

export interface AgentProcess {
  child: ChildProcess;
  log(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `token-wallet agent` for a home and waits until it serves. */
export async function startAgent(home: string, env: Record<string, string> = {}): Promise<AgentProcess> {
  const child = spawn(process.execPath, [cliPath, 'agent'], {
    env: { ...process.env, TOKEN_WALLET_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 15_000;
  while (!log.includes('agent running')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the agent did not start: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    log: () => log,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
