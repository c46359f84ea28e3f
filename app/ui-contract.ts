import type { AccountInput, AccountView, RemoveOutcome } from './model';

import type { ProviderMeta } from './providers/provider-meta';
import type { SignInQueueState } from './auth/oauth/sign-in-queue';
import type { SecretStoreInfo } from './common/secret-store-info';

export type { SecretStoreInfo, SignInQueueState };

/**
 * What the dashboard (renderer) may ask of its host, over Electron IPC or the browser-mode
 * WebSocket. Narrower than WalletApi on purpose: the renderer never receives a password, and in
 * Electron never a token either (the main process writes the clipboard itself).
 */
export const copyKinds = ['token', 'curl', 'httpie', 'header'] as const;
export type CopyKind = (typeof copyKinds)[number];

export interface CopyResult {
  /** When the copied token expires (epoch ms), for "valid for 9 min" feedback. */
  expiresAt: number;
  /** The host clears the clipboard after this long, if it still holds what was copied. */
  clearAfterMs: number;
  /** Browser mode only: the text for the page to put on the clipboard itself. Absent in Electron. */
  text?: string;
}

/** The secret beside the password that the form may send: a confidential client's. */
export interface SecretOptions {
  clientSecret?: string;
}

/** `add` from the form: `verify` checks the credentials before anything is saved, as the CLI's `add`. */
export interface AddUiOptions extends SecretOptions {
  verify?: boolean;
}

export interface UiApi {
  list(): Promise<AccountView[]>;
  providers(): Promise<ProviderMeta[]>;
  /** `password` is empty for grants that send none; `clientSecret`: an OAuth2 confidential client's. */
  add(input: AccountInput, password: string, options?: AddUiOptions): Promise<AccountView>;
  update(name: string, input: Partial<AccountInput>, password?: string, options?: SecretOptions): Promise<AccountView>;
  remove(name: string): Promise<RemoveOutcome>;
  renew(name: string): Promise<AccountView>;
  test(name: string): Promise<AccountView>;
  logout(name: string): Promise<AccountView>;
  /** Logs in again after a logout. */
  login(name: string): Promise<AccountView>;
  /** Checks a new account's credentials before it is saved; nothing is stored. */
  testNew(input: AccountInput, password: string, options?: SecretOptions): Promise<void>;
  copy(name: string, kind: CopyKind): Promise<CopyResult>;
  /** Who is signing in (browser or device) and who waits for their turn; changes arrive as `sign-in-queue` events. */
  signInQueue(): Promise<SignInQueueState>;
  /** Where this wallet keeps its secrets (keychain or encrypted file), for the header and the tray. */
  secretStore(): Promise<SecretStoreInfo>;
}

export type UiMethod = keyof UiApi;

/** The one method table: main/ipc.ts registers, the preload exposes and the renderer calls exactly these. */
export const uiMethods = [
  'list',
  'providers',
  'add',
  'update',
  'remove',
  'renew',
  'test',
  'logout',
  'login',
  'testNew',
  'copy',
  'signInQueue',
  'secretStore',
] as const satisfies readonly UiMethod[];

/** Fails to compile when UiApi gains a method the table lacks. */
export type UiMethodsMissing = Exclude<UiMethod, (typeof uiMethods)[number]>;
const uiMethodsComplete: UiMethodsMissing extends never ? true : never = true;
void uiMethodsComplete;

/** Pushed from the host to every open dashboard. */
export type UiEvent =
  | { type: 'account'; account: AccountView }
  | { type: 'removed'; accountId: string }
  | { type: 'focus'; accountId: string }
  | { type: 'sign-in-queue'; queue: SignInQueueState };

/** A failure as it crosses to the renderer: kind and one plain-words message, plus the form field it concerns. */
export interface UiError {
  kind: string;
  message: string;
  field?: string;
}
