import { usageError } from '../../errors';
import { providerKinds } from '../../model';
import { parse } from '../args';
import type { CliCommand } from '../command';
import { knownCommands, type CommandInfo } from '../help';

/** Account names come from the wallet at completion time, so the script never goes stale. */
const accountNames = 'token-wallet list --names 2>/dev/null';
const shells = ['bash', 'zsh', 'fish'] as const;

const flags = (command: CommandInfo): string[] => [
  ...Object.keys(command.options).map((name) => `--${name}`),
  '--help',
];
const valueFlags = (commands: CommandInfo[]): string[] => [
  ...new Set(
    commands.flatMap((command) =>
      Object.entries(command.options)
        .filter(([, option]) => option.type === 'string')
        .map(([name]) => `--${name}`),
    ),
  ),
];
const names = (commands: CommandInfo[], completes: CommandInfo['completes']): string[] =>
  commands.filter((command) => command.completes === completes).map((command) => command.name);

function bash(commands: CommandInfo[]): string {
  const all = commands.map((command) => command.name).join(' ');
  const optionCases = commands
    .map((command) => `    ${command.name}) opts="${flags(command).join(' ')}" ;;`)
    .join('\n');
  return `# token-wallet completion for bash: source <(token-wallet completion bash)
_token_wallet() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${all}" -- "$cur")); return
  fi
  local cmd="\${COMP_WORDS[1]}" opts=""
  case "$prev" in
    --provider) COMPREPLY=($(compgen -W "${providerKinds.join(' ')}" -- "$cur")); return ;;
    --grant) COMPREPLY=($(compgen -W "password client_credentials" -- "$cur")); return ;;
    --ca-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${valueFlags(commands).join('|')}) COMPREPLY=(); return ;;
  esac
  case "$cmd" in
${optionCases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur")); return
  fi
  if [ "$COMP_CWORD" -eq 2 ]; then
    case "$cmd" in
      ${names(commands, 'account').join('|')}) COMPREPLY=($(compgen -W "$(${accountNames})" -- "$cur")) ;;
      help) COMPREPLY=($(compgen -W "${all}" -- "$cur")) ;;
      completion) COMPREPLY=($(compgen -W "${shells.join(' ')}" -- "$cur")) ;;
    esac
  fi
}
complete -F _token_wallet token-wallet
`;
}

function zsh(commands: CommandInfo[]): string {
  const quote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;
  const described = commands
    .map((command) => quote(`${command.name}:${command.summary.replace(/:/g, '\\:')}`))
    .join(' ');
  const optionCases = commands
    .map((command) => `      ${command.name}) compadd -- ${flags(command).join(' ')} ;;`)
    .join('\n');
  return `#compdef token-wallet
# token-wallet completion for zsh: source <(token-wallet completion zsh)
_token_wallet() {
  local -a commands
  commands=(${described})
  if (( CURRENT == 2 )); then _describe 'command' commands; return; fi
  local cmd=\${words[2]}
  case \${words[CURRENT-1]} in
    --provider) compadd -- ${providerKinds.join(' ')}; return ;;
    --grant) compadd -- password client_credentials; return ;;
    --ca-file) _files; return ;;
    ${valueFlags(commands).join('|')}) return ;;
  esac
  if [[ \${words[CURRENT]} == -* ]]; then
    case $cmd in
${optionCases}
    esac
    return
  fi
  if (( CURRENT == 3 )); then
    case $cmd in
      ${names(commands, 'account').join('|')}) compadd -- \${(f)"$(${accountNames})"} ;;
      help) _describe 'command' commands ;;
      completion) compadd -- ${shells.join(' ')} ;;
    esac
  fi
}
compdef _token_wallet token-wallet
`;
}

function fish(commands: CommandInfo[]): string {
  const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = [
    '# token-wallet completion for fish: token-wallet completion fish | source',
    'complete -c token-wallet -f',
  ];
  for (const command of commands) {
    lines.push(`complete -c token-wallet -n __fish_use_subcommand -a ${command.name} -d ${quote(command.summary)}`);
    for (const [name, option] of Object.entries(command.options)) {
      const values = name === 'provider' ? ` -a ${quote(providerKinds.join(' '))}` : name === 'ca-file' ? ' -F' : '';
      lines.push(
        `complete -c token-wallet -n '__fish_seen_subcommand_from ${command.name}' -l ` +
          `${name}${option.type === 'string' ? ' -r' : ''}${values} -d ${quote(option.help)}`,
      );
    }
  }
  lines.push(
    `complete -c token-wallet -n '__fish_seen_subcommand_from ${names(commands, 'account').join(' ')}' -a ` +
      `'(${accountNames})'`,
  );
  lines.push(`complete -c token-wallet -n '__fish_seen_subcommand_from completion' -a '${shells.join(' ')}'`);
  lines.push(
    `complete -c token-wallet -n '__fish_seen_subcommand_from help' -a ` +
      `'${commands.map((command) => command.name).join(' ')}'`,
  );
  return `${lines.join('\n')}\n`;
}

export const completionCommand: CliCommand = {
  name: 'completion',
  group: 'Processes',
  summary: 'shell completion: commands, options, providers, accounts',
  synopsis: 'bash|zsh|fish',
  options: {},
  example: 'token-wallet completion bash > ~/.local/share/bash-completion/completions/token-wallet',
  completes: 'none',
  async run(args, context) {
    const { positionals } = parse(args, {}, 1, 'completion');
    const shell = positionals[0];
    const commands = knownCommands();
    if (shell === 'bash') context.io.stdout.write(bash(commands));
    else if (shell === 'zsh') context.io.stdout.write(zsh(commands));
    else if (shell === 'fish') context.io.stdout.write(fish(commands));
    else
      throw usageError(`completion needs a shell: bash, zsh or fish${shell === undefined ? '' : ` (not "${shell}")`}`);
    return 0;
  },
};
