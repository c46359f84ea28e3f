import path from 'node:path';
import type { AccountOptions, GrantType, RenewalPolicy } from '../../model';
import { usageError } from '../../errors';
import { providerKinds } from '../../model';
import type { CliIo } from '../cli';
import type { CommandOptions } from '../command';
import { promptPassword, readPasswordFromStdin } from '../password-input';

/** The options of `add` and `edit` that describe an account (not the password ones). */
export const accountFlags = {
  provider: { type: 'string', value: 'P', help: `the API: ${providerKinds.join(', ')}` },
  url: { type: 'string', value: 'URL', help: 'base URL of the API (https; http only to this machine or with --allow-http)' },
  username: { type: 'string', value: 'U', help: 'user name (optional with --grant client_credentials)' },
  'api-version': { type: 'string', value: 'V', help: 'ribbon-sbc REST API version (default v1.2)' },
  'token-url': { type: 'string', value: 'URL', help: 'token endpoint (vyopta, oauth2, oidc)' },
  issuer: { type: 'string', value: 'URL', help: 'OpenID Connect issuer, for discovery (oidc)' },
  'client-id': { type: 'string', value: 'ID', help: 'OAuth2 client id' },
  scope: { type: 'string', value: 'S', help: 'OAuth2 scope' },
  grant: { type: 'string', value: 'G', help: 'password or client_credentials (the "password" is then the client secret)' },
  'ca-file': { type: 'string', value: 'PEM', help: "trust this CA for this account only (a self-signed appliance's)" },
  'allow-http': { type: 'boolean', help: 'allow plain HTTP to a host other than this machine' },
  'allow-origin': { type: 'string', multiple: true, value: 'ORIGIN', help: 'recipes: another origin that may receive the credentials (repeatable)' },
  option: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'an option the recipe declares (repeatable)' },
  'on-demand': { type: 'boolean', help: 'no background renewal: renew only when a token is asked for' },
  'logout-on-quit': { type: 'boolean', help: 'log out when the app quits (APIs with a logout: veeam-vao, oidc)' },
} as const satisfies CommandOptions;

export const passwordStdinFlag = {
  'password-stdin': { type: 'boolean', help: 'read the password from standard input (printf %s "$PW" | …) instead of prompting' },
} as const satisfies CommandOptions;

export interface AccountFlagValues {
  provider?: string;
  url?: string;
  username?: string;
  'api-version'?: string;
  'token-url'?: string;
  issuer?: string;
  'client-id'?: string;
  scope?: string;
  grant?: string;
  'ca-file'?: string;
  'allow-http'?: boolean;
  'allow-origin'?: string[];
  option?: string[];
  'on-demand'?: boolean;
  'logout-on-quit'?: boolean;
  'password-stdin'?: boolean;
}

export function optionsFrom(values: AccountFlagValues): AccountOptions {
  const options: AccountOptions = {};
  if (values['api-version'] !== undefined) options.apiVersion = values['api-version'];
  if (values['token-url'] !== undefined) options.tokenUrl = values['token-url'];
  if (values.issuer !== undefined) options.issuer = values.issuer;
  if (values['client-id'] !== undefined) options.clientId = values['client-id'];
  if (values.scope !== undefined) options.scope = values.scope;
  if (values.grant !== undefined) options.grant = values.grant as GrantType;
  // Options a recipe declares: --option key=value (repeatable).
  for (const pair of values.option ?? []) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw usageError(`--option takes KEY=VALUE (got "${pair}")`);
    options[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return options;
}

/** Absolute, because a running agent resolves paths from its own working directory. */
export function caFileFrom(values: AccountFlagValues): { caFile?: string } {
  return values['ca-file'] === undefined ? {} : { caFile: path.resolve(values['ca-file']) };
}

/** The policy flags given, on top of the current policy (edit) or none (add); undefined when none given. */
export function policyFrom(values: AccountFlagValues, current: RenewalPolicy = {}): RenewalPolicy | undefined {
  if (values['on-demand'] === undefined && values['logout-on-quit'] === undefined) return undefined;
  return {
    ...current,
    ...(values['on-demand'] === undefined ? {} : { onDemandOnly: values['on-demand'] }),
    ...(values['logout-on-quit'] === undefined ? {} : { logoutOnQuit: values['logout-on-quit'] }),
  };
}

export async function passwordFor(values: AccountFlagValues, label: string, io: CliIo): Promise<string> {
  if (values['password-stdin'] === true) return readPasswordFromStdin(io.stdin);
  return promptPassword(`Password for ${label}: `, io.stdin, io.stderr as NodeJS.WriteStream);
}
