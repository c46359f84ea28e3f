import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from '../errors';
import { didYouMean } from '../suggest';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict parsing: an unknown option or a stray argument is a one-line usage error, with the nearest
 * option as a hint. `command` names the command in that error.
 */
export function parse<T extends Options>(args: string[], options: T, maxPositionals: number, command?: string) {
  // Never echo it: a password typed on the command line is already in the shell history.
  const passwordOnCommandLine = usageError(
    'passwords are never taken from the command line; use --password-stdin or answer the prompt',
  );
  if (args.some((arg) => arg.startsWith('--password='))) throw passwordOnCommandLine;
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'invalid arguments';
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown !== undefined) {
      const shorts = Object.values(options).flatMap((option) =>
        option.short === undefined ? [] : [`-${option.short}`],
      );
      const known = [...Object.keys(options).map((name) => `--${name}`), ...shorts, '--help'];
      throw usageError(
        `unknown option "${unknown}"${command === undefined ? '' : ` for ${command}`}${didYouMean(unknown, known)}`,
      );
    }
    // Other parseArgs messages are already one clear line ("Option '--url <value>' argument missing").
    throw usageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
  if (parsed.positionals.length > maxPositionals) {
    if (args.includes('--password')) throw passwordOnCommandLine;
    const where = command === undefined ? '' : ` for ${command}; see token-wallet help ${command}`;
    throw usageError(`unexpected argument "${parsed.positionals[maxPositionals]}"${where}`);
  }
  return parsed;
}

export function requireName(positionals: string[], command: string): string {
  const name = positionals[0];
  if (name === undefined || name === '')
    throw usageError(`${command} needs an account name; see token-wallet help ${command}`);
  return name;
}

export function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}

/** `--help`/`-h` anywhere before a `--`. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}
