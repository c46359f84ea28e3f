import { connectAgent } from '../agent/agent-client';
import { stripControls } from '../errors';
import { runCli, type WalletConnector } from './cli';
import { guardOutput } from './output-guard';

/**
 * The running agent's wallet when there is one (so the CLI shares the app's sessions), else the
 * wallet in this process; lock files in the home keep separate processes from racing. The wallet,
 * keytar and the long commands are imported only when used: `token NAME` with an agent loads
 * little more than the socket client (the build splits them into chunks).
 */
const connectWallet: WalletConnector = async (home) => {
  // What the agent says about a sign-in this call started (a device code) is for the person here.
  const agent = await connectAgent(home, undefined, undefined, (text) =>
    process.stderr.write(`${stripControls(text)}\n`),
  );
  if (agent !== null) return agent;
  const [{ Wallet }, { LazySecretStore }, { openHomeStore }, { transportFromEnv }, { terminalInteraction }] =
    await Promise.all([
      import('../wallet'),
      import('../secrets/lazy-store'),
      import('./store-access'),
      import('./transport'),
      import('../auth/oauth/terminal-interaction'),
    ]);
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, now: Date.now };
  // Opened on first use: `list` needs no secret, so it never asks for a passphrase.
  const secrets = new LazySecretStore(async () => (await openHomeStore(home, io)).store);
  // A person is at this terminal: browser and device-code sign-ins can ask them.
  const interaction = terminalInteraction(home, process.stderr, process.env);
  return {
    api: new Wallet({ home, secrets, http: transportFromEnv(process.env), interaction }),
    close: async () => undefined,
  };
};

export async function main(argv: string[]): Promise<void> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, now: Date.now };
  const outputFailed = guardOutput(io.stdout, io.stderr);
  // agent and dashboard are registered commands now (process-commands.ts), help and all.
  const code = await runCli(argv, io, connectWallet);
  // A write fails after the command returned: its code would say "ok" for output nobody got.
  await new Promise<void>((resolve) => setImmediate(resolve));
  process.exitCode = code === 0 && outputFailed() ? 1 : code;
}
