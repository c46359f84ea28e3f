import type { WalletApi } from '../../contract';
import { WalletError } from '../../errors';
import { findContextFile, resolveAccountName } from '../../outputs/account-context';
import { parseDuration } from '../../outputs/duration';
import { parse } from '../args';
import type { CliCommand, CommandContext, CommandOptions } from '../command';

/** `--min-valid DUR`, shared by every command that hands a token out. */
export const minValidOption: CommandOptions = {
  'min-valid': {
    type: 'string',
    value: 'DUR',
    help: 'the token has at least this long left (90s, 10m, 1h); renewed first, exit 5 when the API cannot',
  },
};

/** Strict parsing against the command's own option table (the one its help prints). */
export function parseCommand(
  command: CliCommand,
  args: string[],
  maxPositionals: number,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  // The shared parser: an unknown option gets the same "did you mean" as the account commands.
  const parsed = parse(args, command.options, maxPositionals, command.name);
  return parsed as { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
}

export function minValidMs(values: Record<string, unknown>): number {
  const text = values['min-valid'];
  return typeof text === 'string' ? parseDuration(text) : 0;
}

/** Where a left-out NAME came from, when not from the wallet's only account: for errors about it. */
function nameOrigin(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const fromEnv = env.TOKEN_WALLET_ACCOUNT;
  if (fromEnv !== undefined && fromEnv !== '') return 'TOKEN_WALLET_ACCOUNT';
  return findContextFile(cwd);
}

/** Opens the wallet (the agent when one runs), resolves the account by name or context, runs the work, closes. */
export async function withAccount<T>(
  context: CommandContext,
  given: string | undefined,
  commandName: string,
  work: (api: WalletApi, name: string) => Promise<T>,
): Promise<T> {
  const connection = await context.connect();
  try {
    const name = await resolveAccountName(
      given,
      context.io.env,
      process.cwd(),
      async () => (await connection.api.list()).map((account) => account.name),
      commandName,
    );
    try {
      return await work(connection.api, name);
    } catch (error) {
      // A name nobody typed (a stale .token-wallet, an old TOKEN_WALLET_ACCOUNT) would puzzle: say where it is from.
      const origin = given === undefined || given === '' ? nameOrigin(context.io.env, process.cwd()) : null;
      if (origin === null || !(error instanceof WalletError) || error.details.unknownAccount !== true) throw error;
      throw new WalletError(error.kind, `${error.message} (the name is from ${origin})`, error.details);
    }
  } finally {
    await connection.close();
  }
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
