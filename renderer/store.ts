import { create } from 'zustand';
import type { InitialData } from '../app/dashboard/initial-data';
import type { AccountStatus, AccountView } from '../app/model';
import type { ProviderMeta } from '../app/providers/provider-meta';
import type { SecretStoreInfo, SignInQueueState, UiEvent, UiMethod } from '../app/ui-contract';
import type { SortOrder, StateGroup } from './account-state';
import { useClock } from './clock';
import { HostError, type Transport } from './transport';

export type { SortOrder };
export type EditorState = { mode: 'add' } | { mode: 'edit'; accountId: string } | null;

/** A result said to the person (shown, and read out by screen readers through the live region). */
export interface Toast {
  id: number;
  text: string;
  tone: 'ok' | 'error';
  /** The card this toast speaks of and the states it claims; if the card leaves them, the toast goes. */
  about?: { accountId: string; statuses: readonly AccountStatus[] };
}

export interface DashboardState {
  accounts: Record<string, AccountView>;
  providers: ProviderMeta[];
  connection: 'connecting' | 'ready' | 'lost';
  filter: string;
  sort: SortOrder;
  group: StateGroup | null;
  editor: EditorState;
  confirmRemove: string | null;
  focused: string | null;
  /** Per account: the action in progress. */
  busy: Record<string, string>;
  toast: Toast | null;
  /** Browser/device sign-ins: who signs in now, who waits for their turn (one prompt at a time). */
  signIns: SignInQueueState;
  /** Where the wallet keeps its secrets (keychain or encrypted file); null until the host has said. */
  secretStore: SecretStoreInfo | null;
}

const initialState: DashboardState = {
  accounts: {},
  providers: [],
  connection: 'connecting',
  filter: '',
  sort: 'time-left',
  group: null,
  editor: null,
  confirmRemove: null,
  focused: null,
  busy: {},
  toast: null,
  signIns: { active: null, waiting: [] },
  secretStore: null,
};

export const useDashboard = create<DashboardState>(() => ({ ...initialState }));

/**
 * The state a pre-rendered page starts from, on the server and in the page. zustand gives React
 * a store's *initial* state as the server snapshot, which both renderToString and hydration read:
 * so the seed is written into that initial state, the same way on both sides, and they agree.
 */
export function seedDashboard(data: InitialData): void {
  const seeded: DashboardState = {
    ...initialState,
    providers: data.providers,
    accounts: Object.fromEntries(data.accounts.map((account) => [account.id, account])),
  };
  Object.assign(useDashboard.getInitialState(), seeded);
  useDashboard.setState(seeded, true);
  Object.assign(useClock.getInitialState(), { now: data.now });
  useClock.setState({ now: data.now });
}

/** Tests and re-connections start from a clean store. */
export function resetDashboard(): void {
  Object.assign(useDashboard.getInitialState(), initialState);
  useDashboard.setState({ ...initialState }, true);
}

let transport: Transport | null = null;
let toastId = 0;

export async function call<T>(method: UiMethod, ...params: unknown[]): Promise<T> {
  if (transport === null) throw new Error('the dashboard is not connected');
  return (await transport.call(method, params)) as T;
}

export function showToast(text: string, tone: Toast['tone'] = 'ok', about?: Toast['about']): void {
  toastId += 1;
  useDashboard.setState({ toast: { id: toastId, text, tone, ...(about === undefined ? {} : { about }) } });
}

/** A background load that failed: the person sees what could not be loaded and why, in one line. */
export function reportLoadFailure(what: string): (error: unknown) => void {
  return (error) =>
    showToast(`Could not load ${what}: ${error instanceof Error ? error.message : String(error)}`, 'error');
}

/** A toast about an account stays only while the card still shows what it said. */
export function toastAgrees(toast: Toast, accounts: Record<string, AccountView>): boolean {
  if (toast.about === undefined) return true;
  const account = accounts[toast.about.accountId];
  return account !== undefined && toast.about.statuses.includes(account.status);
}

export function upsert(account: AccountView): void {
  useDashboard.setState((state) => {
    const accounts = { ...state.accounts, [account.id]: account };
    return state.toast !== null && !toastAgrees(state.toast, accounts) ? { accounts, toast: null } : { accounts };
  });
}

export function dropAccount(accountId: string): void {
  useDashboard.setState((state) => {
    const { [accountId]: _removed, ...rest } = state.accounts;
    return { accounts: rest };
  });
}

function applyEvent(event: UiEvent): void {
  if (event.type === 'account') upsert(event.account);
  else if (event.type === 'removed') dropAccount(event.accountId);
  else if (event.type === 'focus') useDashboard.setState({ focused: event.accountId });
  else if (event.type === 'sign-in-queue') useDashboard.setState({ signIns: event.queue });
}

/**
 * The one bridge between a transport and the store. With the page's own data (browser mode) the
 * first render waits for nothing; the socket then only confirms it is current, or reloads.
 */
export async function connectDashboard(next: Transport, initial: InitialData | null = null): Promise<void> {
  transport = next;
  next.onEvent(applyEvent);
  if (initial !== null) {
    performance.mark('tw-accounts-loaded');
    seedDashboard(initial);
  }
  let first = true;
  next.onConnection((connection, revision) => {
    useDashboard.setState({ connection });
    if (connection !== 'ready') return;
    if (first) performance.mark('tw-connected');
    // Without page data the first load is already on its way; with it, only a change since needs one.
    const current = first && (initial === null || revision === initial.revision);
    first = false;
    if (!current) void reload().catch(reportLoadFailure('the accounts'));
  });
  if (initial === null) await reload();
}

async function reload(): Promise<void> {
  const [providers, accounts] = await Promise.all([call<ProviderMeta[]>('providers'), call<AccountView[]>('list')]);
  show(providers, accounts, { connection: 'ready' });
}

function show(providers: ProviderMeta[], accounts: AccountView[], also: Partial<DashboardState> = {}): void {
  // For `npm run bench`: the render time is measured from here.
  performance.mark('tw-accounts-loaded');
  const byId = Object.fromEntries(accounts.map((account) => [account.id, account]));
  useDashboard.setState({ ...also, providers, accounts: byId });
}

export { HostError };
