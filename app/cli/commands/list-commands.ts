import { describeReason } from '../../common/format';
import { secretStoreDescription } from '../../common/secret-store-info';
import { describeError } from '../../errors';
import { secretStoreInfo } from '../../secrets/open-secret-store';
import type { AccountView } from '../../model';
import { line, parse, requireName } from '../args';
import type { CliCommand } from '../command';
import { signInByText } from './forecast-command';

/** "keychain unavailable" while the host's secret store does not answer; tokens held are still served. */
const storeNote = (account: AccountView): string =>
  account.secretStore === undefined
    ? ''
    : account.unsavedSession === true
      ? ' (keychain unavailable; new session kept in memory)'
      : ' (keychain unavailable)';

/** Where the secrets are; a damaged store.json costs this line its answer, not the whole listing. */
async function secretsWhere(home: string): Promise<string> {
  try {
    return secretStoreDescription(await secretStoreInfo(home));
  } catch (error) {
    return `unknown (${describeError(error)})`;
  }
}

const iso = (at: number | null | undefined): string | null =>
  at === null || at === undefined ? null : new Date(at).toISOString();

/** An account for scripts: no secret, times as ISO strings, and why it is in its state. */
export function accountJson(account: AccountView, now: number): Record<string, unknown> {
  return {
    name: account.name,
    provider: account.provider,
    url: account.url,
    username: account.username,
    status: account.status,
    reason: describeReason(account, now),
    expiresAt: iso(account.expiresAt),
    issuedAt: iso(account.issuedAt),
    lastRenewedAt: iso(account.lastRenewalAt),
    nextRenewalAt: iso(account.nextRenewalAt),
    signInBy: iso(account.signInBy),
    lastError:
      account.lastError === null
        ? null
        : { kind: account.lastError.kind, message: account.lastError.message, at: iso(account.lastError.at) },
    options: account.options,
    caFile: account.caFile ?? null,
    allowHttp: account.allowHttp === true,
    policy: account.policy ?? {},
    keychain: account.secretStore === undefined ? 'ok' : 'unavailable',
    unsavedSession: account.unsavedSession === true,
  };
}

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function listTable(accounts: AccountView[], now: number): string {
  if (accounts.length === 0)
    return 'No accounts yet. Add one with: token-wallet add NAME --provider P --url URL --username U';
  const state = (account: AccountView): string =>
    account.signInBy === undefined || account.signInBy === null
      ? describeReason(account, now)
      : `${describeReason(account, now)}; sign in again by ${signInByText(account.signInBy)}`;
  return table([
    ['NAME', 'PROVIDER', 'STATE', 'USER', 'URL'],
    ...accounts.map((account) => [
      account.name,
      account.provider,
      state(account) + storeNote(account),
      account.username,
      account.url,
    ]),
  ]);
}

const listOptions = {
  json: { type: 'boolean', help: 'JSON for scripts, with reason, nextRenewalAt, lastError and lastRenewedAt' },
  names: { type: 'boolean', help: 'account names only, one a line (what shell completion uses)' },
} as const;

export const listCommand: CliCommand = {
  name: 'list',
  group: 'Accounts',
  summary: 'accounts and why they are in their state ("renews in 12 min")',
  synopsis: '[--json | --names]',
  options: listOptions,
  example: 'token-wallet list --json',
  completes: 'none',
  async run(args, context) {
    const { values } = parse(args, listOptions, 0, 'list');
    const connection = await context.connect();
    try {
      const accounts = await connection.api.list();
      const now = context.io.now();
      if (values.names === true) {
        for (const name of accounts.map((account) => account.name).sort()) line(context.io.stdout, name);
      } else {
        line(
          context.io.stdout,
          values.json === true
            ? JSON.stringify(
                accounts.map((account) => accountJson(account, now)),
                null,
                2,
              )
            : `${listTable(accounts, now)}\n\nsecrets: ${await secretsWhere(context.home)}`,
        );
      }
      return 0;
    } finally {
      await connection.close();
    }
  },
};

function showText(account: AccountView, now: number, secrets: string): string {
  const when = (at: number | null | undefined): string =>
    at === null || at === undefined ? '-' : new Date(at).toISOString();
  const rows: Array<[string, string]> = [
    ['name', account.name],
    ['provider', account.provider],
    ['url', account.url],
    ['username', account.username || '-'],
    ['status', `${account.status}: ${describeReason(account, now)}${storeNote(account)}`],
    ['expires', when(account.expiresAt)],
    ['issued', when(account.issuedAt)],
    ['last renewed', when(account.lastRenewalAt)],
    ['next renewal', account.nextRenewalAt === undefined ? '- (no agent running)' : when(account.nextRenewalAt)],
    [
      'sign in again by',
      account.signInBy === undefined || account.signInBy === null
        ? '-'
        : `${signInByText(account.signInBy)} (${when(account.signInBy)})`,
    ],
    [
      'last error',
      account.lastError === null
        ? '-'
        : `${account.lastError.message} (${account.lastError.kind}, ${when(account.lastError.at)})`,
    ],
    ...Object.entries(account.options).map(([key, value]): [string, string] => [key, String(value)]),
    ['CA file', account.caFile ?? '-'],
    ['plain HTTP', account.allowHttp === true ? 'allowed' : 'no'],
    ['renewal', account.policy?.onDemandOnly === true ? 'on demand' : 'in the background'],
    ['logout on quit', account.policy?.logoutOnQuit === true ? 'yes' : 'no'],
    ['secrets', secrets],
  ];
  return table(rows.map(([key, value]) => [key, value]));
}

const showOptions = { json: { type: 'boolean', help: 'JSON, the same fields as list --json' } } as const;

export const showCommand: CliCommand = {
  name: 'show',
  group: 'Accounts',
  summary: 'everything about one account except its secrets',
  synopsis: 'NAME [--json]',
  options: showOptions,
  example: 'token-wallet show vss',
  completes: 'account',
  async run(args, context) {
    const { values, positionals } = parse(args, showOptions, 1, 'show');
    const name = requireName(positionals, 'show');
    const connection = await context.connect();
    try {
      const account = await connection.api.get(name);
      const now = context.io.now();
      line(
        context.io.stdout,
        values.json === true
          ? JSON.stringify(accountJson(account, now), null, 2)
          : showText(account, now, await secretsWhere(context.home)),
      );
      return 0;
    } finally {
      await connection.close();
    }
  },
};
