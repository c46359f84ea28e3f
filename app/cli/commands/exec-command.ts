import { usageError } from '../../errors';
import type { CliCommand } from '../command';
import { minValidMs, minValidOption, parseCommand, withAccount } from './tool-helpers';

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const execCommand: CliCommand = {
  name: 'exec',
  group: 'Tools',
  summary: 'run a command with the token in its environment (and a token file kept fresh)',
  synopsis: '[NAME] [--env VAR]... [--token-file] [--min-valid DUR] -- CMD [ARG...]',
  options: {
    env: {
      type: 'string',
      multiple: true,
      value: 'VAR',
      help: 'put the token in VAR instead of TOKEN_WALLET_TOKEN (repeatable)',
    },
    'token-file': {
      type: 'boolean',
      help: 'also TOKEN_WALLET_TOKEN_FILE: a 0600 file kept fresh while CMD runs, deleted when it exits',
    },
    ...minValidOption,
  },
  example: 'token-wallet exec github --env GITHUB_TOKEN --env GH_TOKEN -- gh repo list',
  completes: 'account',
  run: async (args, context) => {
    const separator = args.indexOf('--');
    if (separator < 0 || separator === args.length - 1)
      throw usageError('exec needs -- and a command to run, e.g. token-wallet exec NAME -- CMD [ARG...]');
    const { values, positionals } = parseCommand(execCommand, args.slice(0, separator), 1);
    const [command = '', ...commandArgs] = args.slice(separator + 1);
    const envNames = (values.env as string[] | undefined) ?? [];
    for (const name of envNames) {
      if (!envName.test(name)) throw usageError(`--env ${name} is not a variable name`);
    }
    const minValid = minValidMs(values);
    const { runExec } = await import('../../outputs/exec-runner');
    return withAccount(context, positionals[0], 'exec', (api, account) =>
      runExec({
        account,
        envNames,
        tokenFile: values['token-file'] === true,
        minValidMs: minValid,
        command,
        args: commandArgs,
        env: context.io.env,
        stderr: context.io.stderr,
        fresh: (min) => (min > 0 ? api.freshToken(account, min) : api.freshToken(account)),
      }),
    );
  },
};
