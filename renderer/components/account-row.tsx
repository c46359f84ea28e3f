import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AccountView } from '../../app/model';
import type { ProviderMeta } from '../../app/providers/provider-meta';
import { useClock } from '../clock';
import { actions, useDashboard } from '../store';
import { countdown, formatClockTime, liveStatus } from '../time-left';
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
      <span className="countdown" data-testid="countdown" aria-label={`time left ${text}`}>
        {text}
      </span>
      <div className="lifetime" role="progressbar" aria-label="lifetime left" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        {/* A transform, not a width: the compositor moves it without layout. */}
        <div className="lifetime-fill" style={{ transform: `scaleX(${percent / 100})` }} />
      </div>
    </>
  );
});

/** Re-renders when its account, busy state or status changes; the countdown ticks on its own. */
export const AccountRow = memo(function AccountRow({ account, meta, top }: { account: AccountView; meta: ProviderMeta | undefined; top?: number }) {
  const status = useClock((clock) => liveStatus(account, clock.now));
  const busy = useDashboard((state) => state.busy[account.id]);
  const focused = useDashboard((state) => state.focused === account.id);
  const shownStatus = busy === 'renewing' ? 'renewing' : status;
  const disabled = busy !== undefined;
  return (
    <li
      className={`account${focused ? ' focused' : ''}${top === undefined ? '' : ' virtual'}`}
      style={top === undefined ? undefined : { transform: `translateY(${top}px)` }}
      data-testid={`account-${account.name}`}
      aria-label={`Account ${account.name}`}
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
        {account.lastError !== null && (shownStatus === 'attention' || shownStatus === 'offline' || shownStatus === 'expired') ? (
          <div className="account-error" role="status" data-testid="last-error">
            {account.lastError.message}
          </div>
        ) : null}
      </div>
      <div className="account-state">
        <StatusChip status={shownStatus} />
        <Countdown account={account} />
        <div className="renewals">
          <span>last {formatClockTime(account.lastRenewalAt)}</span>
          <span>next {account.policy?.onDemandOnly === true ? 'on demand' : formatClockTime(account.nextRenewalAt)}</span>
        </div>
      </div>
      <div className="account-actions" role="group" aria-label={`Actions for ${account.name}`}>
        <button type="button" disabled={disabled} onClick={() => void actions.copy(account, 'token')} data-testid="copy-token">
          Copy token
        </button>
        <button type="button" disabled={disabled} onClick={() => void actions.copy(account, 'curl')} data-testid="copy-curl">
          Copy curl
        </button>
        <button type="button" disabled={disabled} onClick={() => void actions.copy(account, 'httpie')} data-testid="copy-httpie">
          Copy HTTPie
        </button>
        <button type="button" disabled={disabled} onClick={() => void actions.renew(account)} data-testid="renew">
          Renew now
        </button>
        <button type="button" disabled={disabled} onClick={() => void actions.test(account)} data-testid="test">
          Test
        </button>
        <button type="button" disabled={disabled} onClick={() => void actions.logout(account)} data-testid="logout">
          Log out
        </button>
        <button type="button" disabled={disabled} onClick={() => actions.openEditor({ mode: 'edit', accountId: account.id })} data-testid="edit">
          Edit
        </button>
        <button type="button" className="danger" disabled={disabled} onClick={() => actions.askRemove(account.id)} data-testid="remove">
          Remove
        </button>
      </div>
    </li>
  );
});
