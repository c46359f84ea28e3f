/** Provider metadata: pure data, shared with the dashboard, which builds its forms from it. */

/**
 * How a token is presented to the API: this decides the curl, HTTPie and header snippets.
 * `header`: a header of its own (`tokenHeader`), e.g. `X-Auth-Token: <token>`.
 */
export type TokenUsage = 'bearer' | 'basic-username' | 'header';

/** Account options with a CLI flag of their own; options a recipe declares beyond these use `--option KEY=VALUE`. */
export const optionFlags: Readonly<Record<string, string>> = {
  apiVersion: '--api-version',
  tokenUrl: '--token-url',
  issuer: '--issuer',
  clientId: '--client-id',
  clientAuth: '--client-auth',
  scope: '--scope',
  audience: '--audience',
  resource: '--resource',
  grant: '--grant',
  maxSession: '--max-session',
  remindBefore: '--remind-before',
};

export function cliFlagFor(key: string): string {
  return optionFlags[key] ?? `--option ${key}=VALUE`;
}

export interface GrantInputs {
  username: boolean;
  password: boolean;
  clientSecret: 'required' | 'optional';
}

/** One input of the add/edit form and of `token-wallet add`, described as data. */
export interface ProviderField {
  /** The key in the account's options: a built-in one (apiVersion, tokenUrl, …) or one a recipe declares. */
  key: string;
  label: string;
  cliFlag: string;
  required: boolean;
  defaultValue?: string;
  choices?: readonly string[];
  help: string;
  /** OAuth2/OIDC: the grants that use this field; absent: every grant (or the provider has no grants). */
  grants?: readonly string[];
}

export interface ProviderMeta {
  /** Provider id used with --provider: a built-in one or an installed recipe's name. */
  kind: string;
  label: string;
  /** Which document or standard the provider follows. */
  description: string;
  usage: TokenUsage;
  /** With usage `header`: the header's name and the text around the token. */
  tokenHeader?: { name: string; prefix: string; suffix: string };
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
  /**
   * OAuth2/OIDC: what each choice of the `grant` field asks of the user, so forms and help show
   * only what the chosen grant needs (user name and password, a client secret, or nothing: a browser).
   */
  grantInputs?: Readonly<Record<string, GrantInputs>>;
  /** Where the provider comes from: shipped with the app, or a recipe installed in this wallet. */
  source?: 'builtin' | 'installed';
}
