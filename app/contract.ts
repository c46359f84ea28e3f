import type { AccountInput } from './account-input';
import type { AddOptions, UpdateOptions } from './contract-schema';
import type { AccountView, RemoveOutcome } from './model';
import type { ProviderMeta } from './providers/provider';
import type { SnippetKind } from './snippets';

/**
 * The one contract every transport carries: in-process (CLI without agent), the agent socket,
 * Electron IPC and the dashboard's WebSocket. Each method takes and returns plain JSON.
 */
export interface WalletApi {
  list(): Promise<AccountView[]>;
  get(name: string): Promise<AccountView>;
  /** `verify`: log in before saving (the token is kept); a rejection or failure saves nothing. */
  /**
   * `password` is empty for grants that send none (browser, device code, client credentials); `clientSecret`: a
   * confidential client's.
   */
  add(input: AccountInput, password: string, options?: AddOptions): Promise<AccountView>;
  /** `password` null (over JSON) or absent: unchanged. */
  update(name: string, input: Partial<AccountInput>, password?: string, options?: UpdateOptions): Promise<AccountView>;
  /** What became of the server's session: removal never fails for a server that cannot be reached. */
  remove(name: string): Promise<RemoveOutcome>;
  /** `minValidMs`: the token handed out has at least that long left (renewed first), else an `unexpected` error. */
  freshToken(name: string, minValidMs?: number): Promise<{ token: string; expiresAt: number }>;
  snippet(name: string, kind: SnippetKind, path?: string): Promise<{ text: string; expiresAt: number }>;
  renew(name: string): Promise<AccountView>;
  test(name: string): Promise<AccountView>;
  logout(name: string): Promise<AccountView>;
  /** Logs in again after a logout (or renews): the user asked for it. */
  login(name: string): Promise<AccountView>;
  providers(): Promise<ProviderMeta[]>;
}

export type WalletMethod = keyof WalletApi;

export const walletMethods: readonly WalletMethod[] = [
  'list',
  'get',
  'add',
  'update',
  'remove',
  'freshToken',
  'snippet',
  'renew',
  'test',
  'logout',
  'login',
  'providers',
];
