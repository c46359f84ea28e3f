import { walletMethods, type WalletMethod } from '../../app/contract';
import { usageError, WalletError } from '../../app/errors';
import type { AccountInput, AccountRecord } from '../../app/model';
import { snippetKinds, type SnippetKind } from '../../app/snippets';
import { copyKinds, uiMethods, type CopyKind, type UiMethod } from '../../app/ui-contract';

/**
 * The hand-written validators as they were before the valibot schemas replaced them
 * (app/contract-schema.ts, app/common/model-schema.ts, app/store/config-schema.ts), frozen as a
 * test oracle: test/unit/schema-parity.test.ts proves the schemas reject what these rejected, with
 * the same one-line messages. Only the method and kind tables are today's. Not used by the app.
 */
interface WalletRequest {
  method: WalletMethod;
  params: unknown[];
}

const isProviderId = (value: unknown): value is string =>
  typeof value === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(value);

interface WalletConfig {
  version: 1;
  walletId: string;
  accounts: AccountRecord[];
}

const maxString = 4096;
const maxMinValidMs = 366 * 86_400_000;

function text(value: unknown, what: string, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') throw usageError(`${what} must be text`);
  if (value.length > maxString) throw usageError(`${what} is too long`);
  return value;
}

function name(value: unknown): string {
  const result = text(value, 'account name') ?? '';
  if (result === '') throw usageError('account name is empty');
  return result;
}

const inputKeys = new Set([
  'name',
  'provider',
  'url',
  'username',
  'options',
  'caFile',
  'allowHttp',
  'allowOrigins',
  'policy',
]);
/** Built-in option keys and the ones recipes declare (validateAccountInput checks them against the provider). */
const optionKeys = { has: (key: string) => /^[a-z][A-Za-z0-9]{0,31}$/.test(key) } as Set<string>;
const policyKeys = new Set(['onDemandOnly', 'renewAtFraction', 'logoutOnQuit']);

function plainObject(value: unknown, what: string, allowed: Set<string>): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw usageError(`${what} must be an object`);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw usageError(`${what} has an unknown field "${key}"`);
  }
  return value as Record<string, unknown>;
}

function accountInput(value: unknown, partial: boolean): Partial<AccountInput> {
  const raw = plainObject(value, 'account', inputKeys);
  const result: Partial<AccountInput> = {};
  for (const key of ['name', 'provider', 'url', 'username', 'caFile'] as const) {
    const field = text(raw[key], key, true);
    if (field !== undefined) result[key] = field;
  }
  if (raw.allowHttp !== undefined) {
    if (typeof raw.allowHttp !== 'boolean') throw usageError('allowHttp must be true or false');
    result.allowHttp = raw.allowHttp;
  }
  if (raw.allowOrigins !== undefined) {
    if (!Array.isArray(raw.allowOrigins) || raw.allowOrigins.length > 10)
      throw usageError('allowOrigins must be a list of up to 10 origins');
    result.allowOrigins = raw.allowOrigins.map((origin) => text(origin, 'allowOrigins entry') ?? '');
  }
  if (raw.options !== undefined) {
    const options = plainObject(raw.options, 'options', optionKeys);
    for (const [key, option] of Object.entries(options)) text(option, key, true);
    result.options = options as AccountInput['options'];
  }
  if (raw.policy !== undefined) {
    const policy = plainObject(raw.policy, 'policy', policyKeys);
    for (const key of ['onDemandOnly', 'logoutOnQuit']) {
      if (policy[key] !== undefined && typeof policy[key] !== 'boolean')
        throw usageError(`${key} must be true or false`);
    }
    if (policy.renewAtFraction !== undefined && typeof policy.renewAtFraction !== 'number')
      throw usageError('renewAtFraction must be a number');
    result.policy = policy as AccountInput['policy'];
  }
  if (!partial) {
    for (const key of ['name', 'provider', 'url'] as const) {
      if (result[key] === undefined) throw usageError(`account ${key} is missing`);
    }
  }
  return result;
}

function password(value: unknown, optional: boolean): string | undefined {
  const result = text(value, 'password', optional);
  if (result === '') throw usageError('the password is empty');
  return result;
}

export function legacyValidateRequest(method: unknown, params: unknown): WalletRequest {
  if (typeof method !== 'string' || !(walletMethods as readonly string[]).includes(method)) {
    throw usageError(
      `unknown method ${typeof method === 'string' ? JSON.stringify(method).slice(0, 64) : `(${typeof method})`}`,
    );
  }
  const args = params === undefined ? [] : params;
  if (!Array.isArray(args) || args.length > 4) throw usageError('params must be an array of at most 4 items');
  const request = (m: WalletMethod, p: unknown[]): WalletRequest => ({
    method: m,
    params: p as WalletRequest['params'],
  });
  switch (method as WalletMethod) {
    case 'list':
    case 'providers':
      if (args.length > 0) throw usageError(`${method} takes no parameters`);
      return request(method as WalletMethod, []);
    case 'freshToken': {
      if (args.length !== 1 && args.length !== 2)
        throw usageError('freshToken takes an account name and an optional minimum validity');
      if (args.length === 1) return request('freshToken', [name(args[0])]);
      const minValidMs = args[1];
      if (
        typeof minValidMs !== 'number' ||
        !Number.isInteger(minValidMs) ||
        minValidMs < 0 ||
        minValidMs > maxMinValidMs
      ) {
        throw usageError('the minimum validity must be a whole number of milliseconds up to a year');
      }
      return request('freshToken', [name(args[0]), minValidMs]);
    }
    case 'get':
    case 'remove':
    case 'renew':
    case 'test':
    case 'logout':
    case 'login':
      if (args.length !== 1) throw usageError(`${method} takes an account name`);
      return request(method as WalletMethod, [name(args[0])]);
    case 'snippet': {
      const kind = args[1];
      if (typeof kind !== 'string' || !(snippetKinds as readonly string[]).includes(kind))
        throw usageError(`snippet kind must be one of ${snippetKinds.join(', ')}`);
      const path = text(args[2], 'path', true);
      return request(
        'snippet',
        path === undefined ? [name(args[0]), kind as SnippetKind] : [name(args[0]), kind as SnippetKind, path],
      );
    }
    case 'add': {
      if (args.length !== 2 && args.length !== 3) throw usageError('add takes an account, a password and options');
      // An empty password is for grants that send none; the wallet decides whether the account needs one.
      const base = [accountInput(args[0], false), text(args[1], 'password') ?? ''];
      if (args[2] === undefined || args[2] === null) return request('add', base);
      const options = plainObject(args[2], 'add options', new Set(['verify', 'clientSecret']));
      if (options.verify !== undefined && typeof options.verify !== 'boolean')
        throw usageError('verify must be true or false');
      const clientSecret = password(options.clientSecret, true);
      return request('add', [
        ...base,
        {
          ...(options.verify === undefined ? {} : { verify: options.verify }),
          ...(clientSecret === undefined ? {} : { clientSecret }),
        },
      ]);
    }
    case 'update': {
      const secret = password(args[2] ?? undefined, true);
      const options =
        args[3] === undefined || args[3] === null
          ? {}
          : plainObject(args[3], 'update options', new Set(['clientSecret']));
      const clientSecret = password(options.clientSecret, true);
      const head = [name(args[0]), accountInput(args[1], true)];
      if (clientSecret !== undefined) return request('update', [...head, secret ?? null, { clientSecret }]);
      return request('update', secret === undefined ? head : [...head, secret]);
    }
  }
}

interface UiRequest {
  method: UiMethod;
  params: unknown[];
}

/** The renderer's requests (Electron IPC, browser WebSocket): the same checks, for the narrower UiApi. */
export function legacyValidateUiRequest(method: unknown, params: unknown): UiRequest {
  if (typeof method !== 'string' || !(uiMethods as readonly string[]).includes(method)) {
    throw usageError(
      `unknown method ${typeof method === 'string' ? JSON.stringify(method).slice(0, 64) : `(${typeof method})`}`,
    );
  }
  const args = params === undefined ? [] : params;
  if (!Array.isArray(args) || args.length > 3) throw usageError('params must be an array of at most 3 items');
  switch (method as UiMethod) {
    case 'copy': {
      const kind = args[1];
      if (args.length !== 2 || typeof kind !== 'string' || !(copyKinds as readonly string[]).includes(kind)) {
        throw usageError(`copy takes an account name and one of ${copyKinds.join(', ')}`);
      }
      return { method: 'copy', params: [name(args[0]), kind as CopyKind] };
    }
    case 'signInQueue':
      if (args.length !== 0) throw usageError('signInQueue takes no parameters');
      return { method: 'signInQueue', params: [] };
    case 'testNew': {
      if (args.length !== 2 && args.length !== 3) throw usageError('testNew takes an account, a password and options');
      // Empty for grants that send no password (client credentials); the wallet decides whether one is needed.
      const base = [accountInput(args[0], false), text(args[1], 'password') ?? ''];
      if (args[2] === undefined || args[2] === null) return { method: 'testNew', params: base };
      const options = plainObject(args[2], 'testNew options', new Set(['clientSecret']));
      const clientSecret = password(options.clientSecret, true);
      return { method: 'testNew', params: [...base, clientSecret === undefined ? {} : { clientSecret }] };
    }
    default: {
      // Every other UI method has the same shape as its WalletApi namesake.
      const validated = legacyValidateRequest(method, args);
      return { method: validated.method as UiMethod, params: validated.params as unknown[] };
    }
  }
}

export function legacyParseConfig(text: string, file: string): WalletConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WalletError(
      'config',
      `${file} is not valid JSON (${(error as Error).message}); fix or move it, it was left untouched`,
    );
  }
  const candidate = parsed as Partial<WalletConfig> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.version !== 1 ||
    typeof candidate.walletId !== 'string' ||
    !Array.isArray(candidate.accounts)
  ) {
    throw new WalletError(
      'config',
      `${file} is not a Token Wallet config (version 1); fix or move it, it was left untouched`,
    );
  }
  for (const account of candidate.accounts) {
    const record = account as Partial<AccountRecord> | null;
    if (
      record === null ||
      typeof record !== 'object' ||
      typeof record.id !== 'string' ||
      typeof record.name !== 'string' ||
      !isProviderId(record.provider) ||
      typeof record.url !== 'string' ||
      typeof record.username !== 'string'
    ) {
      throw new WalletError('config', `${file} has a malformed account entry; fix or move it, it was left untouched`);
    }
    record.options ??= {};
  }
  return candidate as WalletConfig;
}

/** A JSON body's human-readable reason, as app/providers/responses.ts found it before its schema. */
export function legacyServerReason(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    for (const key of ['error_description', 'message', 'error']) {
      const value = parsed[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
    }
  } catch {
    // Not JSON: no reason to show.
  }
  return undefined;
}

/** Whether a server's token was accepted (printable ASCII, at most 64 KiB), as before its schema. */
export function legacyTokenAccepted(value: string): boolean {
  return value.length <= 64 * 1024 && /^[\u0021-\u007e]+$/.test(value);
}
