import type { ProviderKind } from '../model';

/** Provider metadata: pure data, shared with the dashboard, which builds its forms from it. */

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

