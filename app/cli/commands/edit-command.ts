import type { AccountInput } from '../../account-input';
import { WalletError, toWalletError, usageError } from '../../errors';
import { line, parse, requireName } from '../args';
import type { CliCommand } from '../command';
import {
  accountFlags,
  caFileFrom,
  clientSecretFrom,
  optionsFrom,
  passwordFor,
  passwordStdinFlag,
  policyFrom,
} from './account-options';

const options = {
  ...accountFlags,
  password: { type: 'boolean', help: 'set a new password (prompted without echo); the current token stays in use' },
  ...passwordStdinFlag,
} as const;

export const editCommand: CliCommand = {
  name: 'edit',
  group: 'Accounts',
  summary: 'change an account; a new destination needs the password in the same edit',
  synopsis: 'NAME [--url URL] [--username U] [--password | --password-stdin] [options]',
  options,
  example: 'token-wallet edit vss --password',
  completes: 'account',
  async run(args, context) {
    const { values, positionals } = parse(args, options, 1, 'edit');
    const name = requireName(positionals, 'edit');
    // "updated vss" for an edit that changed nothing would mislead (e.g. someone expecting a prompt).
    if (Object.values(values).every((value) => value === undefined))
      throw usageError(`edit ${name}: nothing to change; e.g. --password or --url URL (see token-wallet help edit)`);
    const connection = await context.connect();
    try {
      const { api } = connection;
      const current = await api.get(name);
      const extra = optionsFrom(values);
      const policy = policyFrom(values, current.policy);
      const input: Partial<AccountInput> = {
        ...(values.provider === undefined ? {} : { provider: values.provider }),
        ...(values.url === undefined ? {} : { url: values.url }),
        ...(values.username === undefined ? {} : { username: values.username }),
        ...(Object.keys(extra).length === 0 ? {} : { options: { ...current.options, ...extra } }),
        ...caFileFrom(values),
        ...(values['allow-http'] === undefined ? {} : { allowHttp: values['allow-http'] }),
        ...(values['allow-origin'] === undefined ? {} : { allowOrigins: values['allow-origin'] }),
        ...(policy === undefined ? {} : { policy }),
      };
      const wantsPassword = values.password === true || values['password-stdin'] === true;
      const typed = wantsPassword
        ? await passwordFor(values, `${current.username || current.name}@${current.url}`, context.io)
        : undefined;
      // A client-credentials account's "password" is its client secret.
      const clientCredentials = (input.options ?? current.options).grant === 'client_credentials';
      const clientSecret = clientSecretFrom(values) ?? (clientCredentials ? typed : undefined);
      const newPassword = clientCredentials ? undefined : typed;
      // No third argument at all without a password: over the agent socket an undefined one would arrive as null.
      const updated =
        clientSecret !== undefined
          ? api.update(name, input, newPassword, { clientSecret })
          : newPassword !== undefined
            ? api.update(name, input, newPassword)
            : api.update(name, input);
      const account = await updated.catch((caught: unknown) => {
        const error = toWalletError(caught);
        if (error.details.field === 'clientSecret' && clientSecret === undefined)
          throw new WalletError(
            error.kind,
            `${error.message} (--client-secret-file, --password or --password-stdin)`,
            error.details,
          );
        if (error.details.field !== 'password' || wantsPassword) throw error;
        throw new WalletError(error.kind, `${error.message} (--password or --password-stdin)`, error.details);
      });
      const secretNote = wantsPassword
        ? '; the new password is used at the next login'
        : clientSecret !== undefined
          ? '; the new client secret is used at the next login'
          : '';
      line(context.io.stdout, `updated ${account.name}${secretNote}`);
      return 0;
    } finally {
      await connection.close();
    }
  },
};
