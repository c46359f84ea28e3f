/** Data shared by the core and every host. Nothing in here is secret. */

/** The providers shipped with the app. Installed recipes add more: a provider id is any recipe name. */
export const providerKinds = ['vss', 'ribbon-sbc', 'sensu', 'vyopta', 'veeam-vao', 'oidc', 'oauth2'] as const;
export type ProviderKind = (typeof providerKinds)[number];

export function isProviderKind(value: unknown): value is ProviderKind {
  return typeof value === 'string' && (providerKinds as readonly string[]).includes(value);
}

/** A well-formed provider id (built-in or recipe name); whether it exists is the registry's call. */
export function isProviderId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(value);
}

export const grantTypes = ['authorization_code', 'device_code', 'password', 'client_credentials'] as const;
export type GrantType = (typeof grantTypes)[number];

/** Grants where a person signs in at the identity provider (browser or device code), not the wallet with a password. */
export function isInteractiveGrant(grant: string | undefined): boolean {
  return grant === 'authorization_code' || grant === 'device_code';
}

/** Provider-specific, non-secret options of an account. */
export interface AccountOptions {
  /** Ribbon SBC REST API version in the path, e.g. v1.2. */
  apiVersion?: string;
  /** OAuth2 / OIDC token endpoint (absolute URL). */
  tokenUrl?: string;
  /** OIDC issuer for discovery. */
  issuer?: string;
  clientId?: string;
  scope?: string;
  grant?: GrantType;
  /** How a confidential client authenticates at the token endpoint: client_secret_basic (default) or client_secret_post. */
  clientAuth?: 'basic' | 'post';
  /** Passed through to the authorization server (audience: Auth0 and others; resource: RFC 8707). */
  audience?: string;
  resource?: string;
  /** Browser/device sign-ins: the longest session the server allows (a duration such as 12h), when it does not say. */
  maxSession?: string;
  /** Browser/device sign-ins: remind this long before a sign-in is due (default 1d). */
  remindBefore?: string;
  /** Options a recipe declares (docs/recipes.md). */
  [key: string]: string | undefined;
}

/** Per-account renewal policy; absent fields take the scheduler's defaults. */
export interface RenewalPolicy {
  /** Renew only when a token is asked for; no background renewal. */
  onDemandOnly?: boolean;
  /** Fraction of the lifetime after which to renew (default 0.75). */
  renewAtFraction?: number;
  /** Log out of the server when the app quits (APIs with a logout endpoint). */
  logoutOnQuit?: boolean;
}

/** An account as stored in config.json. */
export interface AccountRecord {
  id: string;
  name: string;
  provider: string;
  /** Base URL of the API, no trailing slash. */
  url: string;
  username: string;
  options: AccountOptions;
  /** PEM file of the CA that signed a self-signed appliance's certificate. */
  caFile?: string;
  /** Plain HTTP to a non-loopback host was asked for explicitly. */
  allowHttp?: boolean;
  /** Origins besides the account URL's that a recipe may send credentials to (--allow-origin). */
  allowOrigins?: string[];
  policy?: RenewalPolicy;
  createdAt: string;
}

/** A token as the wallet keeps it. Times are epoch milliseconds on our own clock. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  issuedAt: number;
  expiresAt: number;
}

export type AccountStatus =
  | 'fresh' // a valid token with plenty of time left
  | 'expiring' // valid, but close to expiry
  | 'expired' // we had a token; it is past its expiry
  | 'none' // no token yet
  | 'renewing'
  | 'attention' // credentials rejected: needs the user
  | 'offline' // last renewal could not reach the server
  | 'on-demand' // background renewal off, token not valid
  | 'logged-out'; // the user logged out: nothing renews or logs in until the user asks

/** Non-secret runtime state of one account, as shown by list, tray and dashboard. */
export interface AccountState {
  issuedAt: number | null;
  expiresAt: number | null;
  lastRenewalAt: number | null;
  lastError: { kind: string; message: string; at: number } | null;
  /** Browser/device accounts: when the refresh token ends and a person must sign in again (epoch ms); null when unknown. */
  signInBy?: number | null;
}

export interface AccountView {
  id: string;
  name: string;
  provider: string;
  url: string;
  username: string;
  options: AccountOptions;
  caFile?: string;
  allowHttp?: boolean;
  policy?: RenewalPolicy;
  status: AccountStatus;
  /** Browser/device accounts: sign in again by this instant (the refresh token's own end), when known. */
  signInBy?: number | null;
  issuedAt: number | null;
  expiresAt: number | null;
  lastRenewalAt: number | null;
  lastError: { kind: string; message: string; at: number } | null;
  /** From this instant the token is renewed before it is handed out (it has too little time left). */
  freshUntil: number | null;
  /** When the scheduler will renew next; null when nothing is scheduled or no scheduler runs here. */
  nextRenewalAt?: number | null;
  /** Present while the secret store (keychain) does not answer this host: tokens held are still served. */
  secretStore?: { available: false; since: number | null; message: string | null };
  /** The newest session is in memory only, written when the secret store answers again. */
  unsavedSession?: boolean;
}

/** What a user gives to add or edit an account (CLI flags, dashboard form, IPC). No password here. */
export interface AccountInput {
  name: string;
  provider: string;
  url: string;
  username?: string;
  options?: AccountOptions;
  caFile?: string;
  allowHttp?: boolean;
  allowOrigins?: string[];
  policy?: RenewalPolicy;
}
