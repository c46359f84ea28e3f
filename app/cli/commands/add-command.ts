import type { AccountInput } from '../../account-input';
import { WalletError, toWalletError, usageError } from '../../errors';
import { isInteractiveGrant, providerKinds } from '../../model';
import { line, parse, requireName } from '../args';
import type { CliCommand } from '../command';
import type { CliIo } from '../cli';
import { readPasswordFromStdin } from '../password-input';
import {
  accountFlags,
  caFileFrom,
  chooseGrant,
  clientSecretFrom,
  clientSecretPrompt,
  optionsFrom,
  passwordFor,
  passwordStdinFlag,
  policyFrom,
  type AccountFlagValues,
} from './account-options';

const options = {
  ...accountFlags,
  ...passwordStdinFlag,
  'no-verify': { type: 'boolean', help: 'save without checking the credentials with the server first' },
} as const;

const oauthKinds = new Set(['oauth2', 'oidc']);

/** oauth2/oidc: where tokens come from says where the API is, unless --url says otherwise. */
function urlOf(values: AccountFlagValues): string {
  if (values.url !== undefined) return values.url;
  if (values.provider !== undefined && oauthKinds.has(values.provider)) {
    if (values.issuer !== undefined) return values.issuer;
    if (values['token-url'] !== undefined) {
      try {
        return new URL(values['token-url']).origin;
      } catch {
        return values['token-url'];
      }
    }
  }
  throw usageError('add needs --url');
}

/**
 * The secrets the account's grant sends: the user's password and/or the client's secret (a file, standard input or a
 * prompt).
 */
async function secretsFor(
  values: AccountFlagValues,
  input: AccountInput,
  label: string,
  io: CliIo,
): Promise<{ password: string; clientSecret?: string }> {
  if (!oauthKinds.has(input.provider)) return { password: await passwordFor(values, label, io) };
  const fromFile = clientSecretFrom(values);
  const grant = input.options?.grant ?? 'password';
  const password = grant === 'password' ? await passwordFor(values, label, io) : '';
  if (fromFile !== undefined) return { password, clientSecret: fromFile };
  // A client secret is needed (client credentials) or announced (--client-auth) but not in a file: standard input or a
  // prompt.
  if (grant === 'client_credentials' || (values['client-auth'] !== undefined && values['password-stdin'] !== true)) {
    const clientSecret =
      values['password-stdin'] === true && grant !== 'password'
        ? await readPasswordFromStdin(io.stdin)
        : await clientSecretPrompt(label, io);
    return { password, clientSecret };
  }
  return { password };
}

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
  synopsis:
    'NAME --provider P --url URL [--username U] [--password-stdin] [--grant G] [--client-secret-file PATH] [options]',
  options,
  example: 'token-wallet add vss --provider vss --url https://vss-api.eis.utoronto.ca:8001 --username jdoe',
  completes: 'none',
  async run(args, context) {
    const flag = args.indexOf('--password');
    if (flag >= 0) {
      const next = args[flag + 1];
      if (next !== undefined && !next.startsWith('-'))
        throw usageError('passwords are never taken from the command line; use --password-stdin or answer the prompt');
      throw usageError('add always asks for the password; --password is for edit');
    }
    const { values, positionals } = parse(args, options, 1, 'add');
    const name = requireName(positionals, 'add');
    if (values.provider === undefined) throw usageError(`add needs --provider (${providerKinds.join(', ')})`);
    const url = urlOf(values);
    const policy = policyFrom(values);
    const accountOptions = optionsFrom(values);
    if (oauthKinds.has(values.provider)) {
      const grant = chooseGrant(values, values['client-secret-file'] !== undefined);
      // oauth2 knows only a token URL: no browser or device sign-in to fall back on.
      accountOptions.grant =
        values.provider === 'oauth2' && values.grant === undefined && isInteractiveGrant(grant) ? 'password' : grant;
    }
    const input: AccountInput = {
      name,
      provider: values.provider,
      url,
      username: values.username ?? '',
      options: accountOptions,
      ...caFileFrom(values),
      allowHttp: values['allow-http'] === true,
      ...(values['allow-origin'] === undefined ? {} : { allowOrigins: values['allow-origin'] }),
      ...(policy === undefined ? {} : { policy }),
    };
    // Validate before asking for a password, so a typo does not cost the user a prompt.
    const { validateAccountInput } = await import('../../account-input');
    validateAccountInput(input);
    const { password, clientSecret } = await secretsFor(values, input, `${input.username || name}@${url}`, context.io);
    const verify = values['no-verify'] !== true;
    const connection = await context.connect();
    try {
      const account = await connection.api
        .add(input, password, { verify, ...(clientSecret === undefined ? {} : { clientSecret }) })
        .catch((error: unknown) => {
          throw verify ? notSaved(error) : error;
        });
      line(
        context.io.stdout,
        `added ${account.name} (${account.provider}, ${account.url}); ${
          verify ? 'credentials ' + 'accepted' : 'credentials not checked'
        }`,
      );
      return 0;
    } finally {
      await connection.close();
    }
  },
};
