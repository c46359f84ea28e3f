import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AccountInput } from '../account-input';
import type { WalletApi } from '../contract';
import { WalletError, describeError, toWalletError, usageError } from '../errors';
import { describeExpiry } from '../format';
import { defaultWalletHome } from '../home';
import type { AccountOptions, AccountView, GrantType } from '../model';
import { providerKinds } from '../model';
import type { SnippetKind } from '../snippets';
import { useRecipeHome } from '../providers/registry';
import { findCommand } from './commands/index';
import { promptPassword, readPasswordFromStdin } from './password-input';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  now(): number;
}

/** How the CLI reaches a wallet: the running agent when there is one, else the wallet in-process. */
export type WalletConnector = (home: string) => Promise<{ api: WalletApi; close(): Promise<void> }>;

/** Long-running commands (agent, dashboard) take over the process; they are plugged in by the entry point. */
export type LongCommand = (args: string[], home: string, io: CliIo) => Promise<number>;

export const usage = `Usage: token-wallet <command> [options]

Accounts
  add NAME --provider P --url URL [--username U] [--password-stdin] [options]
  edit NAME [--url URL] [--username U] [--password | --password-stdin] [options]
  list [--json]                 accounts with status and expiry
  remove NAME                   log out where possible, delete the account and its keychain items
  providers                     the APIs and their options

Tokens
  token NAME                    a fresh token and a newline, nothing else
  curl NAME [PATH]              a ready curl command line
  httpie NAME [PATH]            a ready HTTPie command line
  header NAME                   the Authorization header
  renew NAME                    renew now
  test NAME                     check the credentials with the server
  logout NAME                   end the session (where the API has a logout) and forget the tokens

Processes
  agent                         keep every token fresh in the foreground and serve the CLI
  dashboard [--port N] [--no-open]  the dashboard in a browser, on 127.0.0.1

Provider options
  --api-version V   (ribbon-sbc, default v1.2)     --token-url URL  (vyopta, oauth2, oidc)
  --issuer URL      (oidc discovery)               --client-id ID   --scope S
  --grant password|client_credentials              --ca-file PEM    --allow-http
  --option KEY=VALUE  an option a recipe declares  --allow-origin ORIGIN  (recipes: another host may get credentials)
  --on-demand       renew only when asked, no background renewal
  --logout-on-quit  log out when the app quits (APIs with a logout: veeam-vao, oidc)

Environment: TOKEN_WALLET_HOME selects the wallet directory (default: the app's own).
Exit codes: 0 ok, 2 usage, 3 credentials rejected, 4 server unreachable, 5 unexpected server response, 1 other.`;

const accountOptions = {
  provider: { type: 'string' },
  url: { type: 'string' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  password: { type: 'boolean' },
  'api-version': { type: 'string' },
  'token-url': { type: 'string' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  scope: { type: 'string' },
  grant: { type: 'string' },
  'ca-file': { type: 'string' },
  'allow-http': { type: 'boolean' },
  'allow-origin': { type: 'string', multiple: true },
  option: { type: 'string', multiple: true },
  'on-demand': { type: 'boolean' },
  'logout-on-quit': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** Strict parsing: an unknown option or a stray argument is a one-line usage error. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, maxPositionals: number) {
  // Never echo it: a password typed on the command line is already in the shell history.
  const passwordOnCommandLine = usageError('passwords are never taken from the command line; use --password-stdin or answer the prompt');
  if (args.some((arg) => arg.startsWith('--password='))) throw passwordOnCommandLine;
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs messages are already one clear line ("Unknown option '--x'").
    throw usageError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  if (parsed.positionals.length > maxPositionals) {
    if (args.includes('--password')) throw passwordOnCommandLine;
    throw usageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`);
  }
  return parsed;
}

function requireName(positionals: string[], command: string): string {
  const name = positionals[0];
  if (name === undefined || name === '') throw usageError(`${command} needs an account name`);
  return name;
}

type AccountFlags = ReturnType<typeof parse<typeof accountOptions>>['values'];

function optionsFrom(values: AccountFlags): AccountOptions {
  const options: AccountOptions = {};
  if (values['api-version'] !== undefined) options.apiVersion = values['api-version'];
  if (values['token-url'] !== undefined) options.tokenUrl = values['token-url'];
  if (values.issuer !== undefined) options.issuer = values.issuer;
  if (values['client-id'] !== undefined) options.clientId = values['client-id'];
  if (values.scope !== undefined) options.scope = values.scope;
  if (values.grant !== undefined) options.grant = values.grant as GrantType;
  // Options a recipe declares: --option key=value (repeatable).
  for (const pair of values.option ?? []) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw usageError(`--option takes KEY=VALUE (got "${pair}")`);
    options[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return options;
}

async function passwordFor(values: AccountFlags, label: string, io: CliIo): Promise<string> {
  if (values['password-stdin'] === true) return readPasswordFromStdin(io.stdin);
  return promptPassword(`Password for ${label}: `, io.stdin, io.stderr as NodeJS.WriteStream);
}

function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}

function listJson(accounts: AccountView[]): string {
  return JSON.stringify(
    accounts.map((account) => ({
      name: account.name,
      provider: account.provider,
      url: account.url,
      username: account.username,
      status: account.status,
      expiresAt: account.expiresAt === null ? null : new Date(account.expiresAt).toISOString(),
    })),
    null,
    2,
  );
}

function listTable(accounts: AccountView[], now: number): string {
  if (accounts.length === 0) return 'No accounts yet. Add one with: token-wallet add NAME --provider P --url URL --username U';
  const rows = accounts.map((account) => [account.name, account.provider, account.status, describeExpiry(account.expiresAt, now), account.username, account.url]);
  const header = ['NAME', 'PROVIDER', 'STATUS', 'EXPIRY', 'USER', 'URL'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function runWalletCommand(command: string, args: string[], api: WalletApi, io: CliIo): Promise<number> {
  switch (command) {
    case 'add': {
      const { values, positionals } = parse(args, accountOptions, 1);
      const name = requireName(positionals, 'add');
      if (values.provider === undefined) throw usageError(`add needs --provider (${providerKinds.join(', ')})`);
      if (values.url === undefined) throw usageError('add needs --url');
      if (values.password === true) throw usageError('add always asks for the password; --password is for edit');
      const input: AccountInput = {
        name,
        provider: values.provider,
        url: values.url,
        username: values.username ?? '',
        options: optionsFrom(values),
        // Absolute, because a running agent resolves paths from its own working directory.
        ...(values['ca-file'] === undefined ? {} : { caFile: path.resolve(values['ca-file']) }),
        allowHttp: values['allow-http'] === true,
        ...(values['allow-origin'] === undefined ? {} : { allowOrigins: values['allow-origin'] }),
        ...(values['on-demand'] === true || values['logout-on-quit'] === true
          ? { policy: { ...(values['on-demand'] === true ? { onDemandOnly: true } : {}), ...(values['logout-on-quit'] === true ? { logoutOnQuit: true } : {}) } }
          : {}),
      };
      // Validate before asking for a password, so a typo does not cost the user a prompt.
      const { validateAccountInput } = await import('../account-input');
      validateAccountInput(input);
      const password = await passwordFor(values, `${input.username || name}@${values.url}`, io);
      const account = await api.add(input, password);
      line(io.stdout, `added ${account.name} (${account.provider}, ${account.url})`);
      return 0;
    }
    case 'edit': {
      const { values, positionals } = parse(args, accountOptions, 1);
      const name = requireName(positionals, 'edit');
      const current = await api.get(name);
      const options = optionsFrom(values);
      const input: Partial<AccountInput> = {
        ...(values.provider === undefined ? {} : { provider: values.provider }),
        ...(values.url === undefined ? {} : { url: values.url }),
        ...(values.username === undefined ? {} : { username: values.username }),
        ...(Object.keys(options).length === 0 ? {} : { options: { ...current.options, ...options } }),
        ...(values['ca-file'] === undefined ? {} : { caFile: path.resolve(values['ca-file']) }),
        ...(values['allow-http'] === undefined ? {} : { allowHttp: values['allow-http'] }),
        ...(values['allow-origin'] === undefined ? {} : { allowOrigins: values['allow-origin'] }),
        ...(values['on-demand'] === undefined && values['logout-on-quit'] === undefined
          ? {}
          : {
              policy: {
                ...current.policy,
                ...(values['on-demand'] === undefined ? {} : { onDemandOnly: values['on-demand'] }),
                ...(values['logout-on-quit'] === undefined ? {} : { logoutOnQuit: values['logout-on-quit'] }),
              },
            }),
      };
      const wantsPassword = values.password === true || values['password-stdin'] === true;
      const password = wantsPassword ? await passwordFor(values, `${current.username}@${current.url}`, io) : undefined;
      const account = await api.update(name, input, password);
      line(io.stdout, `updated ${account.name}`);
      return 0;
    }
    case 'list': {
      const { values } = parse(args, { json: { type: 'boolean' } }, 0);
      const accounts = await api.list();
      line(io.stdout, values.json === true ? listJson(accounts) : listTable(accounts, io.now()));
      return 0;
    }
    case 'providers': {
      parse(args, {}, 0);
      for (const meta of await api.providers()) {
        const flags = meta.fields.map((field) => `${field.cliFlag}${field.required ? ' (required)' : ''}`).join(' ');
        line(io.stdout, `${meta.kind.padEnd(11)} ${meta.label}: ${meta.description}${flags === '' ? '' : `; ${flags}`}`);
      }
      return 0;
    }
    case 'token': {
      const { positionals } = parse(args, {}, 1);
      const fresh = await api.freshToken(requireName(positionals, 'token'));
      io.stdout.write(`${fresh.token}\n`);
      return 0;
    }
    case 'curl':
    case 'httpie':
    case 'header': {
      const { positionals } = parse(args, {}, command === 'header' ? 1 : 2);
      const snippet = await api.snippet(requireName(positionals, command), command as SnippetKind, positionals[1]);
      io.stdout.write(`${snippet.text}\n`);
      return 0;
    }
    case 'renew': {
      const { positionals } = parse(args, {}, 1);
      const account = await api.renew(requireName(positionals, 'renew'));
      line(io.stdout, `renewed ${account.name}: ${describeExpiry(account.expiresAt, io.now())}`);
      return 0;
    }
    case 'test': {
      const { positionals } = parse(args, {}, 1);
      const account = await api.test(requireName(positionals, 'test'));
      line(io.stdout, `credentials accepted for ${account.name} (${account.url})`);
      return 0;
    }
    case 'logout': {
      const { positionals } = parse(args, {}, 1);
      const account = await api.logout(requireName(positionals, 'logout'));
      line(io.stdout, `logged out ${account.name}`);
      return 0;
    }
    case 'remove': {
      const { positionals } = parse(args, {}, 1);
      const name = requireName(positionals, 'remove');
      await api.remove(name);
      line(io.stdout, `removed ${name} and its keychain items`);
      return 0;
    }
    default:
      throw usageError(`unknown command "${command}"; see token-wallet --help`);
  }
}

export async function runCli(
  argv: string[],
  io: CliIo,
  connect: WalletConnector,
  longCommands: Record<string, LongCommand> = {},
): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    line(command === undefined ? io.stderr : io.stdout, usage);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-V') {
    line(io.stdout, '0.1.0');
    return 0;
  }
  try {
    const home = defaultWalletHome(io.env);
    // Installed recipes are providers too: checks made before a wallet opens must see this home's.
    useRecipeHome(home);
    const long = longCommands[command];
    if (long !== undefined) return await long(args, home, io);
    const registered = findCommand(command);
    if (registered !== undefined) return await registered.run(args, { io, home, connect: () => connect(home) });
    const connection = await connect(home);
    try {
      return await runWalletCommand(command, args, connection.api, io);
    } finally {
      await connection.close();
    }
  } catch (caught) {
    const error = toWalletError(caught);
    line(io.stderr, `token-wallet: ${describeError(error)}`);
    return error instanceof WalletError ? error.exitCode : 1;
  }
}
