import { describeExpiry } from '../../common/format';
import type { WalletApi } from '../../contract';
import { line, parse, requireName } from '../args';
import type { CliCommand, CommandContext } from '../command';

/** A command on one named account, with the wallet connection opened and closed around it. */
function onAccount(
  spec: Omit<CliCommand, 'run' | 'options' | 'completes' | 'synopsis'>,
  action: (api: WalletApi, name: string, context: CommandContext) => Promise<string>,
): CliCommand {
  return {
    ...spec,
    synopsis: 'NAME',
    options: {},
    completes: 'account',
    async run(args, context) {
      const { positionals } = parse(args, {}, 1, spec.name);
      const name = requireName(positionals, spec.name);
      const connection = await context.connect();
      try {
        line(context.io.stdout, await action(connection.api, name, context));
        return 0;
      } finally {
        await connection.close();
      }
    },
  };
}

/** "14:05" today, else "2026-12-01 14:05", in local time: when a forgotten token stops working. */
function clockTime(at: number, now: number): string {
  const date = new Date(at);
  const pad = (value: number): string => String(value).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return date.toDateString() === new Date(now).toDateString()
    ? time
    : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

export const renewCommand = onAccount(
  { name: 'renew', group: 'Tokens', summary: 'renew now (also after a logout)', example: 'token-wallet renew vss' },
  async (api, name, context) => {
    const account = await api.renew(name);
    return `renewed ${account.name}: ${describeExpiry(account.expiresAt, context.io.now())}`;
  },
);

export const testCommand = onAccount(
  { name: 'test', group: 'Tokens', summary: 'check the credentials with the server', example: 'token-wallet test vss' },
  async (api, name) => {
    const account = await api.test(name);
    return `credentials accepted for ${account.name} (${account.url})`;
  },
);

export const loginCommand = onAccount(
  {
    name: 'login',
    group: 'Tokens',
    summary: 'log in again after a logout, or sign in (browser/device accounts); background renewal resumes',
    example: 'token-wallet login vss',
  },
  async (api, name, context) => {
    const account = await api.login(name);
    return `logged in ${account.name}: ${describeExpiry(account.expiresAt, context.io.now())}`;
  },
);

export const logoutCommand = onAccount(
  {
    name: 'logout',
    group: 'Tokens',
    summary: 'end the session, forget the token; nothing renews until you ask',
    example: 'token-wallet logout vss',
  },
  async (api, name, context) => {
    const [before, providers] = await Promise.all([api.get(name), api.providers()]);
    const meta = providers.find((candidate) => candidate.kind === before.provider);
    const now = context.io.now();
    const account = await api.logout(name);
    if (before.expiresAt === null || before.expiresAt <= now)
      return `logged out ${account.name} (there was no session to end)`;
    if (meta?.hasLogout === true) return `logged out ${account.name}: the server ended the session`;
    // Say exactly what happened: the server knows nothing of it, and the token stays good until it expires.
    return (
      `${meta?.label ?? before.provider} has no logout: the token was forgotten here; the server accepts it ` +
      `until ${clockTime(before.expiresAt, now)}`
    );
  },
);

export const removeCommand = onAccount(
  {
    name: 'remove',
    group: 'Accounts',
    summary: 'log out where possible, delete the account and its secrets',
    example: 'token-wallet remove vss',
  },
  async (api, name, context) => {
    const outcome = await api.remove(name);
    if (outcome.serverSession === 'left-open') {
      const why = outcome.reason ?? 'no reason given';
      context.io.stderr.write(
        `token-wallet: warning: the server session of ${name} was not ended (${why}); it ends when its token expires\n`,
      );
    }
    return `removed ${name} and its secrets`;
  },
);
