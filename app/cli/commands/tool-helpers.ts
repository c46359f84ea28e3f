import type { WalletApi } from '../../contract';
import { resolveAccountName } from '../../outputs/account-context';
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
    return await work(connection.api, name);
  } finally {
    await connection.close();
  }
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
