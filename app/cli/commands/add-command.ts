import type { AccountInput } from '../../account-input';
import { WalletError, toWalletError, usageError } from '../../errors';
import { providerKinds } from '../../model';
import { line, parse, requireName } from '../args';
import type { CliCommand } from '../command';
import { accountFlags, caFileFrom, optionsFrom, passwordFor, passwordStdinFlag, policyFrom } from './account-options';

const options = {
  ...accountFlags,
  ...passwordStdinFlag,
  'no-verify': { type: 'boolean', help: 'save without checking the credentials with the server first' },
} as const;

/** A failed check: the same error, saying that nothing was saved (and how to save anyway when offline). */
function notSaved(caught: unknown): WalletError {
  const error = toWalletError(caught);
  const hint = error.kind === 'unreachable' ? ' (--no-verify saves it without checking)' : '';
  return new WalletError(error.kind, `${error.message}; nothing was saved${hint}`, error.details);
}

export const addCommand: CliCommand = {
  name: 'add',
  group: 'Accounts',
  summary: 'add an account, once the server accepts its credentials (--no-verify: save unchecked)',
  synopsis: 'NAME --provider P --url URL [--username U] [--password-stdin] [options]',
  options,
  example: 'token-wallet add vss --provider vss --url https://vss-api.eis.utoronto.ca:8001 --username jdoe',
  completes: 'none',
  async run(args, context) {
    const flag = args.indexOf('--password');
    if (flag >= 0) {
      const next = args[flag + 1];
      if (next !== undefined && !next.startsWith('-')) throw usageError('passwords are never taken from the command line; use --password-stdin or answer the prompt');
      throw usageError('add always asks for the password; --password is for edit');
    }
    const { values, positionals } = parse(args, options, 1, 'add');
    const name = requireName(positionals, 'add');
    if (values.provider === undefined) throw usageError(`add needs --provider (${providerKinds.join(', ')})`);
    if (values.url === undefined) throw usageError('add needs --url');
    const policy = policyFrom(values);
    const input: AccountInput = {
      name,
      provider: values.provider,
      url: values.url,
      username: values.username ?? '',
      options: optionsFrom(values),
      ...caFileFrom(values),
      allowHttp: values['allow-http'] === true,
      ...(values['allow-origin'] === undefined ? {} : { allowOrigins: values['allow-origin'] }),
      ...(policy === undefined ? {} : { policy }),
    };
    // Validate before asking for a password, so a typo does not cost the user a prompt.
    const { validateAccountInput } = await import('../../account-input');
    validateAccountInput(input);
    const password = await passwordFor(values, `${input.username || name}@${values.url}`, context.io);
    const verify = values['no-verify'] !== true;
    const connection = await context.connect();
    try {
      const account = await connection.api.add(input, password, { verify }).catch((error: unknown) => {
        throw verify ? notSaved(error) : error;
      });
      line(context.io.stdout, `added ${account.name} (${account.provider}, ${account.url}); ${verify ? 'credentials accepted' : 'credentials not checked'}`);
      return 0;
    } finally {
      await connection.close();
    }
  },
};
