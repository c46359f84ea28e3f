import { connectAgent } from '../agent/agent-client';
import { defaultWalletHome } from '../home';
import { wantsHelp } from './args';
import type { CliIo } from './cli';
import { reportFailure } from './cli-failure';
import { guardOutput } from './output-guard';
import { tokenCommands } from './commands/token-commands';

/** The commands scripts and tools run most often, each one agent round trip: worth a start-up of their own. */
const fastCommandNames: readonly string[] = ['token', 'header', 'curl', 'httpie'];

/**
 * `token NAME` (and header, curl, httpie) when an agent runs, without loading the rest of the CLI:
 * bundled alone as dist/token-fast.js, it holds the agent client and these commands' own code (the
 * same code the full CLI runs, so output, errors and exit codes are the same). Null when it cannot
 * tell the outcome without the full CLI (no agent, help, --verbose, another command): then nothing
 * has been printed or asked of the wallet, and the caller runs the full CLI instead.
 */
export async function runFast(argv: string[]): Promise<number | null> {
  const [name, ...args] = argv;
  const command = tokenCommands.find((candidate) => candidate.name === name && fastCommandNames.includes(name));
  // The full CLI's: help, and --verbose (it opens the log on stderr).
  if (command === undefined || wantsHelp(args) || argv.includes('--verbose')) return null;
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    // A stream made on first use: these commands never read it, so never pay for it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    now: Date.now,
  };
  const outputFailed = guardOutput(io.stdout, io.stderr);
  const home = defaultWalletHome(io.env);
  let agent;
  try {
    agent = await connectAgent(home);
  } catch {
    // A socket or home that is not ours alone: the full CLI refuses it with its usual message.
    return null;
  }
  if (agent === null) return null;
  const connection = agent;
  try {
    const code = await command.run(args, { io, home, connect: async () => connection });
    await new Promise<void>((resolve) => setImmediate(resolve));
    return code === 0 && outputFailed() ? 1 : code;
  } catch (caught) {
    return reportFailure(caught, io.stderr);
  } finally {
    await connection.close();
  }
}
