import { useEffect, useMemo } from 'react';
import type { ProviderMeta } from '../../app/providers/provider-meta';
import { useShallow } from 'zustand/react/shallow';
import { actions, useDashboard, visibleAccounts, type SortOrder } from '../store';
import { AccountForm } from './account-form';
import { AccountList } from './account-list';
import { ConfirmRemove } from './confirm-remove';

function Toast() {
  const toast = useDashboard((state) => state.toast);
  useEffect(() => {
    if (toast === null) return undefined;
    const timer = setTimeout(() => actions.dismissToast(), 6000);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <div className="toast-area" aria-live="polite">
      {toast === null ? null : (
        <div className={`toast ${toast.tone}`} role="status" data-testid="toast">
          {toast.text}
        </div>
      )}
    </div>
  );
}

function EmptyState() {
  return (
    <div className="empty" data-testid="empty">
      <h2>No accounts yet</h2>
      <p>Add your first API account: choose its kind, give its base URL, user name and password. The password goes to your OS keychain, never to disk.</p>
      <button type="button" className="primary" onClick={() => actions.openEditor({ mode: 'add' })}>
        Add your first account
      </button>
    </div>
  );
}

export function App() {
  const accounts = useDashboard(useShallow((state) => visibleAccounts(state)));
  const total = useDashboard((state) => Object.keys(state.accounts).length);
  const providers = useDashboard((state) => state.providers);
  const connection = useDashboard((state) => state.connection);
  const filter = useDashboard((state) => state.filter);
  const sort = useDashboard((state) => state.sort);
  const metaByKind = useMemo(() => new Map<string, ProviderMeta>(providers.map((meta) => [meta.kind, meta])), [providers]);
  return (
    <>
      <header className="top">
        <h1>Token Wallet</h1>
        <div className="toolbar">
          <label className="visually-hidden" htmlFor="search">
            Search accounts
          </label>
          <input id="search" type="search" placeholder="Search accounts" value={filter} onChange={(event) => actions.setFilter(event.target.value)} data-testid="search" />
          <label className="visually-hidden" htmlFor="sort">
            Sort
          </label>
          <select id="sort" value={sort} onChange={(event) => actions.setSort(event.target.value as SortOrder)} data-testid="sort">
            <option value="time-left">Sort by time left</option>
            <option value="name">Sort by name</option>
          </select>
          <button type="button" className="primary" onClick={() => actions.openEditor({ mode: 'add' })} data-testid="add-account">
            Add account
          </button>
        </div>
        <span className={`connection ${connection}`} data-testid="connection">
          {connection === 'ready' ? 'Connected' : connection === 'lost' ? 'Disconnected from the wallet' : 'Connecting…'}
        </span>
      </header>
      <main>
        {connection !== 'connecting' && total === 0 ? <EmptyState /> : null}
        {total > 0 && accounts.length === 0 ? <p className="no-match">No account matches “{filter}”.</p> : null}
        <AccountList accounts={accounts} metaByKind={metaByKind} />
      </main>
      <AccountForm />
      <ConfirmRemove />
      <Toast />
    </>
  );
}
