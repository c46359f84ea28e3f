import { usageError } from '../../errors';
import { describeReason } from '../../common/format';
import { isInteractiveGrant, type AccountView } from '../../model';
import { line, parse } from '../args';
import type { CliCommand } from '../command';
import { signInByText } from '../../auth/oauth/session-end';

export { signInByText };

const dayMs = 86_400_000;

/** Whether the account needs a person now (its sign-in failed or it has no session) or before `until`. */
export function needsPersonBy(account: AccountView, until: number): { now: boolean; at: number | null } | null {
  if (!isInteractiveGrant(account.options.grant) || account.status === 'logged-out') return null;
  if (account.status === 'attention') return { now: true, at: null };
  if (account.signInBy !== undefined && account.signInBy !== null && account.signInBy <= until)
    return { now: false, at: account.signInBy };
  return null;
}

const options = {
  days: { type: 'string', value: 'N', help: 'look this many days ahead (default 7)' },
  json: { type: 'boolean', help: 'JSON for scripts' },
} as const;

export const forecastCommand: CliCommand = {
  name: 'forecast',
  group: 'Accounts',
  summary: 'browser and device accounts that will need you to sign in within 7 days',
  synopsis: '[--days N] [--json]',
  options,
  example: 'token-wallet forecast',
  completes: 'none',
  async run(args, context) {
    const { values } = parse(args, options, 0, 'forecast');
    const days = values.days === undefined ? 7 : Number(values.days);
    if (!Number.isFinite(days) || days <= 0 || days > 366)
      throw usageError('--days takes a number of days from 1 to 366');
    const connection = await context.connect();
    try {
      const now = context.io.now();
      const due = (await connection.api.list())
        .map((account) => ({ account, need: needsPersonBy(account, now + days * dayMs) }))
        .filter(
          (entry): entry is { account: AccountView; need: { now: boolean; at: number | null } } => entry.need !== null,
        )
        .sort((a, b) => (a.need.at ?? 0) - (b.need.at ?? 0));
      if (values.json === true) {
        const rows = due.map(({ account, need }) => ({
          name: account.name,
          signInNow: need.now,
          signInBy: need.at === null ? null : new Date(need.at).toISOString(),
        }));
        line(context.io.stdout, JSON.stringify(rows, null, 2));
        return 0;
      }
      if (due.length === 0) {
        line(context.io.stdout, `Nothing needs you to sign in within ${days} days.`);
        return 0;
      }
      for (const { account, need } of due) {
        const when = need.now
          ? `sign in now: ${describeReason(account, now)}`
          : `sign in again by ${signInByText(need.at ?? now)}`;
        line(context.io.stdout, `${account.name}  ${when}  (token-wallet login ${account.name})`);
      }
      return 0;
    } finally {
      await connection.close();
    }
  },
};
