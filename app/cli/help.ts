import { providerKinds } from '../model';
import type { CliCommand } from './command';
import { allCommands } from './commands/index';

/** What help, suggestions and completion need of a command: everything but its code. */
export type CommandInfo = Omit<CliCommand, 'run'>;

const groups: ReadonlyArray<CliCommand['group']> = ['Accounts', 'Tokens', 'Tools', 'Processes'];

export function knownCommands(): CommandInfo[] {
  return [...allCommands];
}

export function findCommandInfo(name: string): CommandInfo | undefined {
  return knownCommands().find((command) => command.name === name);
}

function optionLabel(name: string, option: CliCommand['options'][string]): string {
  return option.type === 'string' ? `--${name} ${option.value ?? 'VALUE'}` : `--${name}`;
}

/** `help CMD`, `CMD --help`, `CMD -h`: usage, what it does, its options, one example. */
export function commandHelp(command: CommandInfo): string {
  const options = Object.entries(command.options).map(
    ([name, option]) => [optionLabel(name, option), option.help] as const,
  );
  options.push(['--help, -h', 'this help']);
  const width = Math.max(...options.map(([label]) => label.length));
  return [
    `Usage: token-wallet ${command.name}${command.synopsis === '' ? '' : ` ${command.synopsis}`}`,
    '',
    `${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`,
    '',
    'Options:',
    ...options.map(([label, help]) => `  ${label.padEnd(width)}  ${help}`),
    '',
    'Example:',
    `  ${command.example}`,
  ].join('\n');
}

/** The global help, generated from the command table so it cannot drift from the commands. */
export function globalHelp(): string {
  const commands = knownCommands();
  const heads = commands.map((command) => `${command.name}${command.synopsis === '' ? '' : ` ${command.synopsis}`}`);
  const width = Math.min(40, Math.max(...heads.map((head) => head.length)));
  const sections = groups
    .map((group) => {
      const rows = commands
        .map((command, index) => ({ command, head: heads[index] ?? command.name }))
        .filter(({ command }) => command.group === group)
        .map(({ command, head }) =>
          head.length > width
            ? `  ${head}\n  ${''.padEnd(width)}  ${command.summary}`
            : `  ${head.padEnd(width)}  ${command.summary}`,
        );
      return rows.length === 0 ? '' : `${group}\n${rows.join('\n')}`;
    })
    .filter((section) => section !== '');
  return [
    'Usage: token-wallet <command> [options]',
    '',
    ...sections.flatMap((section) => [section, '']),
    `Providers: ${providerKinds.join(', ')} (token-wallet providers lists their options).`,
    'token-wallet help COMMAND (or COMMAND --help) shows its options and an example.',
    '--verbose (with any command) also writes the log to stderr; the log itself is logs/token-wallet.log in the ' +
      'wallet home.',
    "Environment: TOKEN_WALLET_HOME selects the wallet directory (default: the app's own).",
    'Exit codes: 0 ok, 2 usage, 3 credentials rejected, 4 server unreachable, 5 unexpected server response, 130 ' +
      'cancelled, 1 other.',
  ].join('\n');
}
