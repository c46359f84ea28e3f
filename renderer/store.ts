import { create } from 'zustand';
import type { AccountInput } from '../app/model';
import type { AccountView } from '../app/model';
import type { ProviderMeta } from '../app/providers/provider-meta';
import type { CopyKind, CopyResult, UiEvent, UiMethod } from '../app/ui-contract';
import { HostError, type Transport } from './transport';
import { formatTimeLeft } from './time-left';

export type SortOrder = 'name' | 'time-left';
export type EditorState = { mode: 'add' } | { mode: 'edit'; accountId: string } | null;
export interface Toast {
  id: number;
  text: string;
  tone: 'ok' | 'error';
}

export interface DashboardState {
  accounts: Record<string, AccountView>;
  providers: ProviderMeta[];
  connection: 'connecting' | 'ready' | 'lost';
  filter: string;
  sort: SortOrder;
  editor: EditorState;
  confirmRemove: string | null;
  focused: string | null;
  /** Per account: the action in progress. */
  busy: Record<string, string>;
  toast: Toast | null;
}

const initialState: DashboardState = {
  accounts: {},
  providers: [],
  connection: 'connecting',
  filter: '',
  sort: 'time-left',
  editor: null,
  confirmRemove: null,
  focused: null,
  busy: {},
  toast: null,
};

export const useDashboard = create<DashboardState>(() => ({ ...initialState }));

/** Tests and re-connections start from a clean store. */
export function resetDashboard(): void {
  useDashboard.setState({ ...initialState }, true);
}

let transport: Transport | null = null;
let toastId = 0;

function host(): Transport {
  if (transport === null) throw new Error('the dashboard is not connected');
  return transport;
}

async function call<T>(method: UiMethod, ...params: unknown[]): Promise<T> {
  return (await host().call(method, params)) as T;
}

export function showToast(text: string, tone: Toast['tone'] = 'ok'): void {
  toastId += 1;
  useDashboard.setState({ toast: { id: toastId, text, tone } });
}

function upsert(account: AccountView): void {
  useDashboard.setState((state) => ({ accounts: { ...state.accounts, [account.id]: account } }));
}

function applyEvent(event: UiEvent): void {
  if (event.type === 'account') upsert(event.account);
  else if (event.type === 'removed') {
    useDashboard.setState((state) => {
      const { [event.accountId]: _removed, ...rest } = state.accounts;
      return { accounts: rest };
    });
  } else if (event.type === 'focus') useDashboard.setState({ focused: event.accountId });
}

/** The one bridge between a transport and the store. */
export async function connectDashboard(next: Transport): Promise<void> {
  transport = next;
  next.onEvent(applyEvent);
  next.onConnection((connection) => {
    useDashboard.setState({ connection });
    if (connection === 'ready') void reload();
  });
  await reload();
}

async function reload(): Promise<void> {
  const [providers, accounts] = await Promise.all([call<ProviderMeta[]>('providers'), call<AccountView[]>('list')]);
  // For `npm run bench`: the render time is measured from here.
  performance.mark('tw-accounts-loaded');
  useDashboard.setState({ providers, accounts: Object.fromEntries(accounts.map((account) => [account.id, account])), connection: 'ready' });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs an account action, marking the row busy and reporting failures in plain words. */
async function act<T>(account: AccountView, label: string, run: () => Promise<T>): Promise<T | undefined> {
  useDashboard.setState((state) => ({ busy: { ...state.busy, [account.id]: label } }));
  try {
    return await run();
  } catch (error) {
    showToast(`${account.name}: ${messageOf(error)}`, 'error');
    return undefined;
  } finally {
    useDashboard.setState((state) => {
      const { [account.id]: _done, ...rest } = state.busy;
      return { busy: rest };
    });
  }
}

const copyLabels: Record<CopyKind, string> = { token: 'token', curl: 'curl command', httpie: 'HTTPie command', header: 'Authorization header' };

export const actions = {
  setFilter: (filter: string) => useDashboard.setState({ filter }),
  setSort: (sort: SortOrder) => useDashboard.setState({ sort }),
  openEditor: (editor: EditorState) => useDashboard.setState({ editor }),
  askRemove: (accountId: string | null) => useDashboard.setState({ confirmRemove: accountId }),
  dismissToast: () => useDashboard.setState({ toast: null }),

  copy: (account: AccountView, kind: CopyKind) =>
    act(account, 'copying', async () => {
      const result = await call<CopyResult>('copy', account.name, kind);
      // Browser mode: the host hands the text over; in Electron it wrote the clipboard itself.
      if (result.text !== undefined) await navigator.clipboard.writeText(result.text);
      showToast(`Copied ${copyLabels[kind]} for ${account.name}: valid for ${formatTimeLeft(result.expiresAt - Date.now())}; clipboard cleared in ${Math.round(result.clearAfterMs / 1000)} s`);
    }),
  renew: (account: AccountView) =>
    act(account, 'renewing', async () => {
      upsert(await call<AccountView>('renew', account.name));
      showToast(`Renewed ${account.name}`);
    }),
  test: (account: AccountView) =>
    act(account, 'testing', async () => {
      upsert(await call<AccountView>('test', account.name));
      showToast(`Credentials accepted for ${account.name}`);
    }),
  logout: (account: AccountView) =>
    act(account, 'logging out', async () => {
      upsert(await call<AccountView>('logout', account.name));
      showToast(`Logged out ${account.name}`);
    }),
  remove: async (account: AccountView) => {
    useDashboard.setState({ confirmRemove: null });
    await act(account, 'removing', async () => {
      await call('remove', account.name);
      applyEvent({ type: 'removed', accountId: account.id });
      showToast(`Removed ${account.name} and its keychain items`);
    });
  },
  /** Add or edit. Throws HostError so the form can show the message beside its field. */
  save: async (input: AccountInput, password: string | undefined, editing: AccountView | null): Promise<AccountView> => {
    const saved =
      editing === null ? await call<AccountView>('add', input, password ?? '') : await call<AccountView>('update', editing.name, input, ...(password === undefined ? [] : [password]));
    upsert(saved);
    useDashboard.setState({ editor: null });
    showToast(editing === null ? `Added ${saved.name}` : `Saved ${saved.name}`);
    return saved;
  },
  testNew: (input: AccountInput, password: string): Promise<void> => call('testNew', input, password),
};

export { HostError };

/** Accounts as listed: filtered by the search text, sorted by name or by time left. */
export function visibleAccounts(state: Pick<DashboardState, 'accounts' | 'filter' | 'sort'>): AccountView[] {
  const needle = state.filter.trim().toLowerCase();
  const all = Object.values(state.accounts).filter(
    (account) => needle === '' || [account.name, account.provider, account.username, account.url].some((field) => field.toLowerCase().includes(needle)),
  );
  if (state.sort === 'name') return all.sort((a, b) => a.name.localeCompare(b.name));
  // Accounts without a token first: they need a look; then soonest expiry.
  return all.sort((a, b) => (a.expiresAt ?? -Infinity) - (b.expiresAt ?? -Infinity) || a.name.localeCompare(b.name));
}
