import type { HttpTransport } from '../http/http-client';
import type { AccountRecord, ProviderKind, TokenSet } from '../model';

/** How a token is presented to the API: this decides the curl, HTTPie and header snippets. */
export type TokenUsage = 'bearer' | 'basic-username';

/** One input of the add/edit form and of `token-wallet add`, described as data. */
export interface ProviderField {
  key: 'apiVersion' | 'tokenUrl' | 'issuer' | 'clientId' | 'scope' | 'grant';
  label: string;
  cliFlag: string;
  required: boolean;
  defaultValue?: string;
  choices?: readonly string[];
  help: string;
}

export interface ProviderMeta {
  kind: ProviderKind;
  label: string;
  /** Which document or standard the provider follows. */
  description: string;
  usage: TokenUsage;
  /** Example base URL shown as a placeholder. */
  urlExample: string;
  /** Path used by the curl/HTTPie snippets when the user gives none. */
  defaultPath: string;
  fields: readonly ProviderField[];
  /** What `renew` does: refresh token, re-authentication, or a new login. */
  renewal: 'refresh' | 'reauthenticate' | 'login';
  hasLogout: boolean;
  /** The account's "username" is optional (client credentials). */
  usernameOptional?: boolean;
}

/** A fresh token plus what the server said about rate limits. */
export interface LoginResult extends TokenSet {
  /** The server allows no further token requests before this instant (epoch ms). */
  throttledUntil?: number;
}

export interface ProviderContext {
  account: AccountRecord;
  /** The account's password (or client secret for client credentials). */
  password: string;
  /** PEM content of the account's CA file, if any. */
  ca?: string;
  http: HttpTransport;
  now(): number;
}

export interface Provider {
  meta: ProviderMeta;
  login(context: ProviderContext): Promise<LoginResult>;
  /**
   * Renew without a full login where the API allows it (refresh token, early re-authentication).
   * Absent: the wallet logs in again. A rejection of kind 'credentials' makes the wallet fall back to a login.
   */
  renew?(context: ProviderContext, current: TokenSet): Promise<LoginResult>;
  /** Check the credentials without creating a session. Absent: the wallet logs in and keeps that session. */
  test?(context: ProviderContext): Promise<void>;
  logout?(context: ProviderContext, current: TokenSet): Promise<void>;
}
