import type { ParseArgsConfig } from 'node:util';
import type { WalletApi } from '../contract';
import type { CliIo } from './cli';

/** parseArgs option definitions, each with the one line `help CMD` prints for it. */
export type CommandOptions = Record<
  string,
  NonNullable<ParseArgsConfig['options']>[string] & { help: string; value?: string }
>;

/** The values parseArgs gives for a table of options: booleans, repeatable strings, strings. */
export type FlagValues<T extends CommandOptions> = {
  [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : T[K] extends { multiple: true } ? string[] : string;
};

/** What a command may use: its I/O, the wallet home, and a wallet connection opened only when needed. */
export interface CommandContext {
  io: CliIo;
  home: string;
  /** `--verbose` was given: more on stderr (the agent: a line for each renewal). */
  verbose?: boolean;
  /** The running agent when there is one, else the wallet in-process. Close it when done. */
  connect(): Promise<{ api: WalletApi; close(): Promise<void> }>;
}

/**
 * One CLI command: everything `help CMD`, the global help, suggestions and shell completion need,
 * next to the code that runs it, so the help can never drift from the parser.
 */
export interface CliCommand {
  name: string;
  group: 'Accounts' | 'Tokens' | 'Tools' | 'Processes';
  /** One line for the global help. */
  summary: string;
  /** Arguments after the command name, e.g. "NAME [PATH]". */
  synopsis: string;
  options: CommandOptions;
  /** One runnable example. */
  example: string;
  /** Positional arguments this command takes, for completion: account names or nothing. */
  completes?: 'account' | 'provider' | 'none';
  run(args: string[], context: CommandContext): Promise<number>;
}
