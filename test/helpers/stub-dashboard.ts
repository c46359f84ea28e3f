import path from 'node:path';
import { startDashboardServer, type DashboardServer } from '../../app/dashboard/dashboard-server';
import type { AccountView } from '../../app/model';
import type { ProviderMeta } from '../../app/providers/provider-meta';
import { providerCatalog } from '../../app/providers/registry';
import type { UiApi, UiEvent } from '../../app/ui-contract';
import { projectRoot } from './cli-runner';

/**
 * The real dashboard server (dist/renderer, run `npm run build` first) over a stub UiApi whose
 * accounts and providers a test sets, with host events it fires, and a count of `list` calls.
 */
export interface StubDashboard {
  server: DashboardServer;
  accounts: AccountView[];
  providers: ProviderMeta[];
  listCalls(): number;
  emit(event: UiEvent): void;
  close(): Promise<void>;
}

export async function startStubDashboard(
  accounts: AccountView[],
  providers: ProviderMeta[] = providerCatalog(),
  options: { prerender?: boolean } = {},
): Promise<StubDashboard> {
  const listeners = new Set<(event: UiEvent) => void>();
  let lists = 0;
  // One object: a test that replaces `accounts` changes what the next `list` answers.
  const stub: StubDashboard = {
    server: null as unknown as DashboardServer,
    close: () => stub.server.close(),
    accounts,
    providers,
    listCalls: () => lists,
    emit: (event) => {
      for (const listener of listeners) listener(event);
    },
  };
  const api = {
    list: async () => {
      lists += 1;
      return stub.accounts;
    },
    providers: async () => stub.providers,
  } as unknown as UiApi;
  stub.server = await startDashboardServer({
    api,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rendererDir: path.join(projectRoot, 'dist', 'renderer'),
    // Without the host's pre-render the page carries its data and draws its rows itself.
    ...(options.prerender === false ? { prerender: async () => null } : {}),
  });
  return stub;
}
