import type { HttpTransport } from '../http/http-client';
import type { AccountRecord, TokenSet } from '../model';

export type { ProviderField, ProviderMeta, TokenUsage } from './provider-meta';
import type { ProviderMeta } from './provider-meta';

/** A fresh token plus what the server said about rate limits. */
export interface LoginResult extends TokenSet {
  /** The server allows no further token requests before this instant (epoch ms). */
  throttledUntil?: number;
  /**
   * When the refresh token ends (refresh_expires_in, or a JWT refresh token's exp), where a person must then sign in
   * again.
   */
  refreshExpiresAt?: number;
}

export interface ProviderContext {
  account: AccountRecord;
  /** The account's password (or client secret for client credentials). */
  password: string;
  /** An OAuth2 confidential client's secret (its own keychain item), when the account has one. */
  clientSecret?: string;
  /** How a sign-in that needs a person reaches them (browser, device code); absent: no person is there. */
  interaction?: SignInInteraction;
  /** PEM content of the account's CA file, if any. */
  ca?: string;
  http: HttpTransport;
  now(): number;
}

/** The person at the machine, for the browser and device-code grants. */
export interface SignInInteraction {
  /** A line for the person (the device code and where to enter it). */
  say(text: string): void;
  /** Opens the system browser without the link on any command line; false when none can be opened. */
  openBrowser(url: string): boolean;
  /** Longest wait for the person (default 5 minutes). */
  timeoutMs?: number;
  /** The host's queue of sign-ins (one prompt at a time across accounts); absent: no other prompt competes. */
  queue?: { run<T>(account: string, work: () => Promise<T>): Promise<T> };
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
