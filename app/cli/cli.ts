import type { WalletApi } from '../contract';
import { type WalletError, usageError } from '../errors';
import { defaultWalletHome } from '../home';
import { lazyLogger, useLogger } from '../log/current';
import { didYouMean } from '../suggest';
import { line, wantsHelp } from './args';
import { useRecipeHome } from '../providers/recipe-home';
import { findCommand } from './commands/index';
import { commandHelp, findCommandInfo, globalHelp, knownCommands } from './help';
import { reportFailure } from './cli-failure';

export { parse } from './args';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  now(): number;
}

/** How the CLI reaches a wallet: the running agent when there is one, else the wallet in-process. */
export type WalletConnector = (home: string) => Promise<{ api: WalletApi; close(): Promise<void> }>;

/** Long-running commands (agent, dashboard) take over the process; they are plugged in by the entry point. */
export type LongCommand = (args: string[], home: string, io: CliIo) => Promise<number>;

function unknownCommand(command: string): WalletError {
  // The global flags too: `--verison`, `version` and `-v` are typos of --version.
  const hint = didYouMean(command, [
    ...knownCommands().map((known) => known.name),
    '--help',
    '--version',
    '-V',
    '--verbose',
  ]);
  return usageError(`unknown command "${command}"${hint === '' ? '; see token-wallet help' : hint}`);
}

/** `help`, `help CMD`: the global help or one command's. */
function printHelp(topic: string | undefined, io: CliIo): number {
  if (topic === undefined || topic === 'help') {
    line(io.stdout, globalHelp());
    return 0;
  }
  const info = findCommandInfo(topic);
  if (info === undefined) throw unknownCommand(topic);
  line(io.stdout, commandHelp(info));
  return 0;
}

/** `--verbose` may stand anywhere before a `--` (after it, arguments belong to the command exec runs). */
function takeVerbose(argv: string[]): { verbose: boolean; rest: string[] } {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  if (!head.includes('--verbose')) return { verbose: false, rest: argv };
  return { verbose: true, rest: [...head.filter((arg) => arg !== '--verbose'), ...(end < 0 ? [] : argv.slice(end))] };
}

export async function runCli(
  argv: string[],
  io: CliIo,
  connect: WalletConnector,
  longCommands: Record<string, LongCommand> = {},
): Promise<number> {
  const { verbose, rest } = takeVerbose(argv);
  const [command, ...args] = rest;
  try {
    if (command === undefined) {
      line(io.stderr, globalHelp());
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') return printHelp(args[0], io);
    if (command === '--version' || command === '-V') {
      line(io.stdout, '0.1.0');
      return 0;
    }
    const info = findCommandInfo(command);
    if (info !== undefined && wantsHelp(args)) {
      line(io.stdout, commandHelp(info));
      return 0;
    }
    const home = defaultWalletHome(io.env);
    // The home's log file, plus stderr with --verbose; pino loads only if something is logged.
    useLogger(
      lazyLogger(async () =>
        (await import('../log/logger')).openLogger({ home, ...(verbose ? { verbose: io.stderr } : {}) }),
      ),
    );
    // Installed recipes are providers too: checks made before a wallet opens must see this home's.
    useRecipeHome(home);
    const long = longCommands[command];
    if (long !== undefined) return await long(args, home, io);
    const registered = findCommand(command);
    if (registered !== undefined)
      return await registered.run(args, { io, home, verbose, connect: () => connect(home) });
    throw unknownCommand(command);
  } catch (caught) {
    return reportFailure(caught, io.stderr);
  }
}
