import { connectAgent } from '../agent/agent-client';
import { KeytarSecretStore } from '../secrets/keytar-store';
import { Wallet } from '../wallet';
import { runCli, type WalletConnector } from './cli';
import { transportFromEnv } from './transport';

/**
 * The running agent's wallet when there is one (so the CLI shares the app's sessions), else the
 * wallet in this process; lock files in the home keep separate processes from racing.
 */
const connectWallet: WalletConnector = async (home) => {
  const agent = await connectAgent(home);
  if (agent !== null) return agent;
  return { api: new Wallet({ home, secrets: new KeytarSecretStore(), http: transportFromEnv(process.env) }), close: async () => undefined };
};

export async function main(argv: string[]): Promise<void> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, now: Date.now };
  // agent and dashboard are registered commands now (process-commands.ts), help and all.
  const code = await runCli(argv, io, connectWallet);
  process.exitCode = code;
}
