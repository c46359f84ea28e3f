import { useEffect, useMemo } from 'react';
import type { ProviderMeta } from '../../app/providers/provider-meta';
import { visibleAccounts } from '../account-state';
import { actions } from '../actions';
import { useClock } from '../clock';
import { useDashboard } from '../store';
import { AccountForm } from './account-form';
import { AccountList } from './account-list';
import { ConfirmRemove } from './confirm-remove';
import { LiveRegion } from './live-region';
import { passwordHomeWords } from './secret-store-note';
import { SignInQueueIndicator } from './sign-in-queue';
import { SummaryBar } from './summary-bar';

function EmptyState() {
  const store = useDashboard((state) => state.secretStore?.kind);
  return (
    <div className="empty" data-testid="empty">
      <h2>No accounts yet</h2>
      <p>
        Add your first API account: choose its kind, give its base URL, user name and password.{' '}
        {passwordHomeWords(store)}
      </p>
      <button type="button" className="primary" onClick={() => actions.openEditor({ mode: 'add' })}>
        Add your first account
      </button>
    </div>
  );
}

/** A stale tab or a stopped dashboard: say so and how to get a working page, never an empty wallet. */
function Disconnected() {
  return (
    <div className="banner" role="alert" data-testid="disconnected">
      <strong>Not connected to Token Wallet.</strong> The dashboard that served this page has stopped or this link is no
      longer valid. Run <code>token-wallet dashboard</code> (or open the dashboard from the tray) for a fresh link; what
      is shown here may be out of date.
    </div>
  );
}

function useVisibleAccounts() {
  const accounts = useDashboard((state) => state.accounts);
  const filter = useDashboard((state) => state.filter);
  const sort = useDashboard((state) => state.sort);
  const group = useDashboard((state) => state.group);
  // The clock matters only while a state is chosen (accounts age from fresh into expiring).
  const now = useClock((clock) => (group === null ? 0 : clock.now));
  return useMemo(
    () => visibleAccounts(Object.values(accounts), { filter, sort, group }, now || Date.now()),
    [accounts, filter, sort, group, now],
  );
}

export function App() {
  // For `npm run bench`: the rows answer clicks from here (rendered, or pre-rendered and hydrated).
  useEffect(() => void performance.mark('tw-interactive'), []);
  const accounts = useVisibleAccounts();
  const total = useDashboard((state) => Object.keys(state.accounts).length);
  const providers = useDashboard((state) => state.providers);
  const connection = useDashboard((state) => state.connection);
  const filter = useDashboard((state) => state.filter);
  const metaByKind = useMemo(
    () => new Map<string, ProviderMeta>(providers.map((meta) => [meta.kind, meta])),
    [providers],
  );
  return (
    <>
      <SummaryBar />
      <main>
        {connection === 'lost' ? <Disconnected /> : null}
        <SignInQueueIndicator />
        {connection === 'ready' && total === 0 ? <EmptyState /> : null}
        {total > 0 && accounts.length === 0 ? (
          <p className="no-match">No account matches {filter === '' ? 'the chosen state' : `“${filter}”`}.</p>
        ) : null}
        <AccountList accounts={accounts} metaByKind={metaByKind} />
      </main>
      <AccountForm />
      <ConfirmRemove />
      <LiveRegion />
    </>
  );
}
