import { KeytarSecretStore } from '../secrets/keytar-store';
import { Wallet } from '../wallet';
import { runCli, type WalletConnector } from './cli';

/** Without a running agent, the CLI runs the wallet in its own process; lock files keep processes from racing. */
const connectInProcess: WalletConnector = async (home) => ({
  api: new Wallet({ home, secrets: new KeytarSecretStore() }),
  close: async () => undefined,
});

export async function main(argv: string[]): Promise<void> {
  const code = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, now: Date.now }, connectInProcess);
  process.exitCode = code;
}
