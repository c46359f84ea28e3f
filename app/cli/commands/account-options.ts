import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { ClientAuthSchema, clientAuthMethods } from '../../common/model-schema';
import path from 'node:path';
import type { AccountOptions, GrantType, RenewalPolicy } from '../../model';
import { usageError } from '../../errors';
import { providerKinds } from '../../model';
import type { CliIo } from '../cli';
import type { CommandOptions, FlagValues } from '../command';
import { promptPassword, readPasswordFromStdin } from '../password-input';

/** The options of `add` and `edit` that describe an account (not the password ones). */
export const accountFlags = {
  provider: { type: 'string', value: 'P', help: `the API: ${providerKinds.join(', ')}` },
  url: {
    type: 'string',
    value: 'URL',
    help:
      'base URL of the API (https; http only to this machine or with --allow-http); oauth2/oidc: default the ' +
      'issuer or token URL',
  },
  username: { type: 'string', value: 'U', help: 'user name (password grant only)' },
  'api-version': { type: 'string', value: 'V', help: 'ribbon-sbc REST API version (default v1.2)' },
  'token-url': { type: 'string', value: 'URL', help: 'token endpoint (vyopta, oauth2, oidc)' },
  issuer: { type: 'string', value: 'URL', help: 'OpenID Connect issuer, for discovery (oidc)' },
  'client-id': { type: 'string', value: 'ID', help: 'OAuth2 client id' },
  'client-secret-file': {
    type: 'string',
    value: 'PATH',
    help: 'confidential client: read the client secret from this file once (kept in the keychain)',
  },
  'client-auth': {
    type: 'string',
    value: 'M',
    help: 'how the client secret is sent: basic (default, client_secret_basic) or post',
  },
  scope: { type: 'string', value: 'S', help: 'OAuth2 scope' },
  audience: { type: 'string', value: 'A', help: 'OAuth2 audience parameter' },
  resource: { type: 'string', value: 'URI', help: 'RFC 8707 resource indicator' },
  grant: {
    type: 'string',
    value: 'G',
    help:
      'authorization_code (browser), device_code, password or client_credentials; default: password with ' +
      '--username, client_credentials with only a client secret, else authorization_code (device_code with ' +
      '--no-browser)',
  },
  'max-session': {
    type: 'string',
    value: 'DUR',
    help:
      'browser/device sign-ins: the longest session the server allows (e.g. 12h), for the forecast when it does ' +
      'not say',
  },
  'remind-before': {
    type: 'string',
    value: 'DUR',
    help: 'browser/device sign-ins: be reminded this long before sign-in is due (default 1d)',
  },
  'no-browser': {
    type: 'boolean',
    help: 'oidc/oauth2: sign in with a device code instead of a browser on this machine',
  },
  'ca-file': { type: 'string', value: 'PEM', help: "trust this CA for this account only (a self-signed appliance's)" },
  'allow-http': { type: 'boolean', help: 'allow plain HTTP to a host other than this machine' },
  'allow-origin': {
    type: 'string',
    multiple: true,
    value: 'ORIGIN',
    help: 'recipes: another origin that may receive the credentials (repeatable)',
  },
  option: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'an option the recipe declares (repeatable)' },
  'on-demand': { type: 'boolean', help: 'no background renewal: renew only when a token is asked for' },
  'logout-on-quit': { type: 'boolean', help: 'log out when the app quits (APIs with a logout: veeam-vao, oidc)' },
} as const satisfies CommandOptions;

export const passwordStdinFlag = {
  'password-stdin': {
    type: 'boolean',
    help: 'read the password from standard input (printf %s "$PW" | …) instead of prompting',
  },
} as const satisfies CommandOptions;

/** What parseArgs makes of those flags: the type comes from the flag table itself. */
export type AccountFlagValues = FlagValues<typeof accountFlags & typeof passwordStdinFlag>;

export function optionsFrom(values: AccountFlagValues): AccountOptions {
  const options: AccountOptions = {};
  if (values['api-version'] !== undefined) options.apiVersion = values['api-version'];
  if (values['token-url'] !== undefined) options.tokenUrl = values['token-url'];
  if (values.issuer !== undefined) options.issuer = values.issuer;
  if (values['client-id'] !== undefined) options.clientId = values['client-id'];
  if (values.scope !== undefined) options.scope = values.scope;
  if (values.audience !== undefined) options.audience = values.audience;
  if (values.resource !== undefined) options.resource = values.resource;
  const clientAuth = values['client-auth'];
  if (clientAuth !== undefined) {
    if (!v.is(ClientAuthSchema, clientAuth))
      throw usageError(`--client-auth takes ${clientAuthMethods.join(' or ')} (got "${clientAuth}")`);
    options.clientAuth = clientAuth;
  }
  if (values.grant !== undefined) options.grant = values.grant as GrantType;
  if (values['max-session'] !== undefined) options.maxSession = values['max-session'];
  if (values['remind-before'] !== undefined) options.remindBefore = values['remind-before'];
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

/** The client secret from --client-secret-file, read once (a trailing newline from `echo` is not part of it). */
export function clientSecretFrom(values: AccountFlagValues): string | undefined {
  const file = values['client-secret-file'];
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw usageError(
      `cannot read the client secret file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    );
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') throw usageError(`the client secret file ${file} is empty`);
  if (secret.length > 4096) throw usageError(`the client secret file ${file} is too long for a secret`);
  return secret;
}

/**
 * The grant a user expects when --grant is omitted: password with a user name, client credentials
 * with only a client secret, else a browser sign-in, or a device code with --no-browser.
 */
export function chooseGrant(values: AccountFlagValues, hasClientSecret: boolean): GrantType {
  if (values.grant !== undefined) return values.grant as GrantType;
  if (values.username !== undefined) return 'password';
  if (hasClientSecret) return 'client_credentials';
  return values['no-browser'] === true ? 'device_code' : 'authorization_code';
}

export async function clientSecretPrompt(label: string, io: CliIo): Promise<string> {
  return promptPassword(`Client secret for ${label}: `, io.stdin, io.stderr as NodeJS.WriteStream);
}
