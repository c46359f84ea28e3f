import { connectAgent } from '../agent/agent-client';
import { Wallet } from '../wallet';
import { runAgentCommand } from './agent-command';
import { runCli, type WalletConnector } from './cli';
import { runDashboardCommand } from './dashboard-command';
import { openHomeStore } from './store-access';
import { LazySecretStore } from '../secrets/lazy-store';
import { transportFromEnv } from './transport';

/**
 * The running agent's wallet when there is one (so the CLI shares the app's sessions), else the
 * wallet in this process; lock files in the home keep separate processes from racing.
 */
const connectWallet: WalletConnector = async (home) => {
  const agent = await connectAgent(home);
  if (agent !== null) return agent;
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, now: Date.now };
  const secrets = new LazySecretStore(async () => (await openHomeStore(home, io)).store);
  return { api: new Wallet({ home, secrets, http: transportFromEnv(process.env) }), close: async () => undefined };
};

export async function main(argv: string[]): Promise<void> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, now: Date.now };
  const code = await runCli(argv, io, connectWallet, { agent: runAgentCommand, dashboard: runDashboardCommand });
  process.exitCode = code;
}
