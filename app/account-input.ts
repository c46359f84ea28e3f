import path from 'node:path';
import { accountNamePattern } from './common/account-name';
import { optionKeyPattern } from './common/model-schema';
import { usageError } from './errors';
import { readCaFileSync } from './http/ca-file';
import type { AccountInput, AccountOptions, AccountRecord, RenewalPolicy } from './model';
import type { Provider } from './providers/provider';
import { providerFor } from './providers/registry';
import { validateUrl } from './url-validation';
import { validateSessionDuration } from './auth/oauth/session-end';

export { isLoopbackHost, validateUrl } from './url-validation';

export type { AccountInput } from './model';

export type ValidAccount = Omit<AccountRecord, 'id' | 'createdAt'>;

const apiVersionPattern = /^v\d+(\.\d+){0,3}$/;

export function validateName(name: unknown): string {
  if (typeof name !== 'string' || !accountNamePattern.test(name)) {
    throw usageError(
      'invalid account name: use 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
      'name',
    );
  }
  return name;
}

function validateCaFile(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw usageError('missing CA file path', 'caFile');
  const absolute = path.resolve(value);
  // Never blocks: a FIFO or a device is refused, and so is anything over 1 MiB.
  const content = readCaFileSync(absolute);
  if (!content.includes('-----BEGIN CERTIFICATE-----'))
    throw usageError(`CA file ${absolute} holds no PEM certificate`, 'caFile');
  return absolute;
}

/** Origins (scheme://host[:port]) a recipe may send credentials to besides the account URL's. */
function validateOrigins(value: unknown, allowHttp: boolean): string[] {
  if (!Array.isArray(value) || value.length > 10)
    throw usageError('allow-origin takes up to 10 origins', 'allowOrigins');
  return value.map((item) => {
    const url = new URL(validateUrl(item, 'allow-origin', allowHttp));
    if (url.pathname !== '/' && url.pathname !== '')
      throw usageError(`--allow-origin takes an origin like https://host:port, not ${String(item)}`, 'allowOrigins');
    return url.origin;
  });
}

/**
 * `home` selects whose installed recipes count as providers (default: the process's wallet home);
 * `known` is a provider not installed anywhere (a recipe being tried).
 */
export function validateAccountInput(input: AccountInput, home?: string, known?: Provider): ValidAccount {
  const name = validateName(input.name);
  const provider =
    known ??
    providerFor(typeof input.provider === 'string' ? input.provider : '', ...(home === undefined ? [] : [home]));
  const allowHttp = input.allowHttp === true;
  const url = validateUrl(input.url, 'url', allowHttp);
  const username = (input.username ?? '').trim();
  const options: AccountOptions = {};
  for (const [key, raw] of Object.entries(input.options ?? {})) {
    if (raw === undefined || raw === null || raw === '') continue;
    if (!optionKeyPattern.test(key)) throw usageError(`unknown option "${key}"`, key);
    const field = provider.meta.fields.find((candidate) => candidate.key === key);
    if (field === undefined) throw usageError(`the ${provider.meta.kind} provider takes no ${key} option`, key);
    if (typeof raw !== 'string') throw usageError(`${key} must be text`, key);
    if (raw.length > 2048) throw usageError(`${key} is too long`, key);
    if (field.choices !== undefined && key !== 'grant' && !field.choices.includes(raw.trim()))
      throw usageError(`${key} must be one of ${field.choices.join(', ')}`, key);
    options[key] = raw.trim();
  }
  if (options.apiVersion !== undefined && !apiVersionPattern.test(options.apiVersion)) {
    throw usageError(`invalid API version "${options.apiVersion}" (expected something like v1.2)`, 'apiVersion');
  }
  if (options.tokenUrl !== undefined) options.tokenUrl = validateUrl(options.tokenUrl, 'tokenUrl', allowHttp);
  if (options.issuer !== undefined) options.issuer = validateUrl(options.issuer, 'issuer', allowHttp);
  for (const key of ['maxSession', 'remindBefore'] as const) {
    const text = options[key];
    if (text !== undefined) options[key] = validateSessionDuration(key, text);
  }
  const grantField = provider.meta.fields.find((candidate) => candidate.key === 'grant');
  if (options.grant !== undefined && grantField?.choices !== undefined && !grantField.choices.includes(options.grant)) {
    throw usageError(`invalid grant "${String(options.grant)}" (${grantField.choices.join(', ')})`, 'grant');
  }
  for (const field of provider.meta.fields) {
    if (field.required && options[field.key] === undefined)
      throw usageError(`the ${provider.meta.kind} provider needs ${field.cliFlag}`, field.key);
  }
  if (provider.meta.kind === 'oidc' && options.issuer === undefined && options.tokenUrl === undefined) {
    throw usageError('the oidc provider needs --issuer or --token-url', 'issuer');
  }
  const withoutUser = options.grant !== undefined && options.grant !== 'password';
  if (withoutUser && options.clientId === undefined)
    throw usageError(`the ${options.grant} grant needs --client-id`, 'clientId');
  if (username === '' && !(withoutUser && provider.meta.usernameOptional === true))
    throw usageError('missing username', 'username');
  if (username.length > 256) throw usageError('username is too long', 'username');
  const account: ValidAccount = { name, provider: provider.meta.kind, url, username, options };
  if (input.caFile !== undefined && input.caFile !== '') account.caFile = validateCaFile(input.caFile);
  if (allowHttp) account.allowHttp = true;
  if (input.allowOrigins !== undefined && input.allowOrigins.length > 0)
    account.allowOrigins = validateOrigins(input.allowOrigins, allowHttp);
  if (input.policy !== undefined) account.policy = validatePolicy(input.policy, provider.meta.hasLogout);
  return account;
}

function validatePolicy(policy: RenewalPolicy, hasLogout: boolean): RenewalPolicy {
  const result: RenewalPolicy = {};
  if (policy.onDemandOnly !== undefined) result.onDemandOnly = policy.onDemandOnly === true;
  if (policy.renewAtFraction !== undefined) {
    const fraction = Number(policy.renewAtFraction);
    if (!Number.isFinite(fraction) || fraction < 0.1 || fraction > 0.95)
      throw usageError('renew-at must be between 0.1 and 0.95 of the lifetime', 'renewAtFraction');
    result.renewAtFraction = fraction;
  }
  if (policy.logoutOnQuit === true) {
    if (!hasLogout) throw usageError('this provider has no logout to do on quit', 'logoutOnQuit');
    result.logoutOnQuit = true;
  }
  return result;
}

/**
 * Whether the account's login sends a password of the user's (not a browser or device sign-in, not a client's own
 * grant).
 */
export function usesPassword(account: Pick<ValidAccount, 'provider' | 'options'>): boolean {
  if (account.provider !== 'oauth2' && account.provider !== 'oidc') return true;
  return (account.options.grant ?? 'password') === 'password';
}

/**
 * What changed about where or how an account's password is sent: a new server, token endpoint,
 * issuer, trusted CA, plain HTTP or provider. Each needs the password again in the same edit.
 */
export function movedDestination(before: ValidAccount, after: ValidAccount): string[] {
  const moved: string[] = [];
  if (before.provider !== after.provider) moved.push('provider');
  if (before.url !== after.url) moved.push('URL');
  if (before.options.tokenUrl !== after.options.tokenUrl) moved.push('token URL');
  if (before.options.issuer !== after.options.issuer) moved.push('issuer');
  if ((before.options.clientAuth ?? 'basic') !== (after.options.clientAuth ?? 'basic'))
    moved.push('client authentication');
  if (before.caFile !== after.caFile) moved.push('CA file');
  if ((before.allowHttp === true) !== (after.allowHttp === true)) moved.push('plain-HTTP permission');
  return moved;
}
