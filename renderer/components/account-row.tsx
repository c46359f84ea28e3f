import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AccountStatus, AccountView } from '../../app/model';
import type { ProviderMeta } from '../../app/providers/provider-meta';
import { groupOf } from '../account-state';
import { actions } from '../actions';
import { useClock } from '../clock';
import { useDashboard } from '../store';
import { countdown, formatClockTime, liveStatus } from '../../app/common/account-time';
import { needsSignIn, queuePlace } from '../../app/common/sign-in';
import { RowMenu, type MenuItem } from './row-menu';
import { StatusChip } from './status-chip';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The only part of a row that follows the clock: it re-renders when its own text or bar width changes. */
const Countdown = memo(function Countdown({ account }: { account: AccountView }) {
  const { text, percent } = useClock(useShallow((clock) => countdown(account, clock.now)));
  return (
    <>
      {/* The words around the number are static: only the text node changes each second. */}
      <span className="countdown">
        <span className="visually-hidden">time left </span>
        <span className="countdown-value" data-testid="countdown">
          {text}
        </span>
      </span>
      <div
        className="lifetime"
        role="progressbar"
        aria-label="lifetime left"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        {/* A class per percent, not a style attribute (which the CSP refuses in a pre-rendered page):
            a transform the compositor moves, without layout. */}
        <div className={`lifetime-fill p${percent}`} />
      </div>
    </>
  );
});

/** One line on why the account is in its state, where that is not obvious. */
function reasonOf(account: AccountView, status: AccountStatus): string | null {
  if (status === 'logged-out') return 'Logged out: nothing renews it until you log in or ask for a token.';
  if (status === 'offline')
    return (
      `Retrying${account.nextRenewalAt == null ? '' : ` at ${formatClockTime(account.nextRenewalAt)}`}: ` +
      `${account.lastError?.message ?? 'the server could not be reached'}`
    );
  if (account.lastError !== null && (status === 'attention' || status === 'expired')) return account.lastError.message;
  return null;
}

function menuItems(account: AccountView, status: AccountStatus, canSignIn: boolean): MenuItem[] {
  const items: MenuItem[] = canSignIn
    ? [{ label: 'Sign in', run: () => void actions.signIn(account) }]
    : status === 'logged-out'
      ? [{ label: 'Log in', run: () => void actions.login(account) }]
      : [];
  items.push(
    { label: 'Copy curl command', run: () => void actions.copy(account, 'curl') },
    { label: 'Copy HTTPie command', run: () => void actions.copy(account, 'httpie') },
    { label: 'Copy Authorization header', run: () => void actions.copy(account, 'header') },
    { label: 'Renew now', run: () => void actions.renew(account) },
    { label: 'Test credentials', run: () => void actions.test(account) },
    { label: 'Edit…', run: () => actions.openEditor({ mode: 'edit', accountId: account.id }) },
  );
  if (status !== 'logged-out') items.push({ label: 'Log out', run: () => void actions.logout(account) });
  items.push({ label: 'Remove…', run: () => actions.askRemove(account.id), danger: true });
  return items;
}

/** Re-renders when its account, busy state or status changes; the countdown ticks on its own. */
// Over 60 lines on purpose: a row and its handlers; splitting would thread a dozen props through.
// eslint-disable-next-line max-lines-per-function
export const AccountRow = memo(function AccountRow({
  account,
  meta,
  fixedHeight = false,
}: {
  account: AccountView;
  meta: ProviderMeta | undefined;
  /** A row of a long (windowed) list: one fixed height, so the window can be computed. */
  fixedHeight?: boolean;
}) {
  const status = useClock((clock) => liveStatus(account, clock.now));
  const busy = useDashboard((state) => state.busy[account.id]);
  const focused = useDashboard((state) => state.focused === account.id);
  const place = useDashboard((state) => queuePlace(state.signIns, account.name));
  const canSignIn = needsSignIn({ status, options: account.options }) && place === null && busy === undefined;
  const shownStatus = busy === 'renewing' || busy === 'logging in' ? 'renewing' : status;
  const reason = reasonOf(account, shownStatus);
  const disabled = busy !== undefined;
  // aria-disabled rather than disabled: a keyboard user's focus stays on the button while it works.
  const onCopy = (): void => {
    if (!disabled) void actions.copy(account, 'token');
  };
  return (
    <li
      className={`account state-${groupOf(shownStatus)}${focused ? ' focused' : ''}${fixedHeight ? ' virtual' : ''}`}
      data-testid={`account-${account.name}`}
      aria-label={`Account ${account.name}`}
      aria-busy={disabled}
    >
      <div className="account-main">
        <div className="account-title">
          <span className="account-name">{account.name}</span>
          <span className="account-kind">{meta?.label ?? account.provider}</span>
        </div>
        <div className="account-who">
          {account.username === '' ? '' : `${account.username} @ `}
          {hostOf(account.url)}
        </div>
        {reason === null ? null : (
          <div className="account-reason" data-testid="reason">
            {reason}
          </div>
        )}
      </div>
      <div className="account-state">
        <StatusChip status={shownStatus} />
        <Countdown account={account} />
        <div className="renewals">
          <span>last {formatClockTime(account.lastRenewalAt)}</span>
          <span>
            next{' '}
            {account.policy?.onDemandOnly === true
              ? 'on demand'
              : status === 'logged-out'
                ? 'when you log in'
                : formatClockTime(account.nextRenewalAt)}
          </span>
        </div>
      </div>
      <div className="account-actions" role="group" aria-label={`Actions for ${account.name}`}>
        <button
          type="button"
          className="primary"
          aria-disabled={disabled}
          aria-label={`Copy token for ${account.name}`}
          onClick={onCopy}
        >
          Copy token
        </button>
        {canSignIn ? (
          <button type="button" onClick={() => void actions.signIn(account)} aria-label={`Sign in to ${account.name}`}>
            Sign in
          </button>
        ) : null}
        {place === null ? null : (
          <span className="sign-in-place" data-testid="sign-in-place">
            {place === 'active' ? 'Signing in…' : 'Waiting to sign in'}
          </span>
        )}
        <RowMenu
          label={`More actions for ${account.name}`}
          items={menuItems(account, status, canSignIn)}
          disabled={disabled}
        />
      </div>
    </li>
  );
});
