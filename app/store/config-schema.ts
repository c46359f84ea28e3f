import * as v from 'valibot';
import { AccountRecordSchema, accountRecordEntries, accountStateEntries } from '../common/model-schema';
import { WalletError } from '../errors';

/**
 * The files of a wallet home, as schemas: config.json (refused whole when malformed: it is the
 * user's data, left untouched for them to fix) and state/<id>.json (a cache: a field that does not
 * fit falls back to "unknown", so one bad field never costs the others, such as a logout).
 */

const walletConfigEntries = {
  version: v.literal(1),
  /** Random per home, part of every keychain item's service name, so two homes never share secrets. */
  walletId: v.string(),
  accounts: v.array(AccountRecordSchema),
};
/** config.json: the wallet's identity and its accounts. Never holds a secret. */
export type WalletConfig = v.InferOutput<v.ObjectSchema<typeof walletConfigEntries, undefined>>;

/** An account as a file holds it (config.json, an export): loose, so fields a newer version wrote survive a rewrite. */
export const StoredAccountSchema = v.looseObject(accountRecordEntries);

export const WalletConfigSchema = v.looseObject({ ...walletConfigEntries, accounts: v.array(StoredAccountSchema) });

/**
 * A JSON.parse reviver that gives each repeated string value one copy: JSON.parse makes a string per
 * occurrence, and many accounts share a server's URLs, a kind, a username (10,000 accounts of one
 * server: 1.3 MiB less heap for as long as the agent runs).
 */
function sharingRepeatedStrings(): (key: string, value: unknown) => unknown {
  const seen = new Map<string, string>();
  return (_key, value) => {
    if (typeof value !== 'string') return value;
    const known = seen.get(value);
    if (known !== undefined) return known;
    seen.set(value, value);
    return value;
  };
}

export function parseConfig(text: string, file: string): WalletConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, sharingRepeatedStrings());
  } catch (error) {
    throw new WalletError(
      'config',
      `${file} is not valid JSON (${(error as Error).message}); fix or move it, it was left untouched`,
    );
  }
  const result = v.safeParse(WalletConfigSchema, parsed, { abortEarly: true });
  if (result.success) return result.output;
  const where = v.getDotPath(result.issues[0]);
  const account = /^accounts\.(\d+)(?:\.(.+))?$/.exec(where ?? '');
  if (account === null) {
    throw new WalletError(
      'config',
      `${file} is not a Token Wallet config (version 1); fix or move it, it was left untouched`,
    );
  }
  const field = account[2] === undefined ? '' : `, field ${account[2]}`;
  throw new WalletError(
    'config',
    `${file} has a malformed account entry (account ${Number(account[1]) + 1}${field}); fix or move it, it was left ` +
      `untouched`,
  );
}

/** A cache's field: what does not fit is unknown. */
const unknownIfBad = <T extends v.GenericSchema>(schema: T) => v.fallback(v.optional(schema), undefined);
const { issuedAt, expiresAt, lastRenewalAt, lastError } = accountStateEntries;

/**
 * state/<account id>.json: non-secret renewal state, rebuilt from nothing if lost. `loggedOut` is
 * the user's wish, kept here so that it survives a restart: nothing logs that account in until asked.
 */
const storedStateObject = v.object({
  issuedAt: v.fallback(issuedAt, null),
  expiresAt: v.fallback(expiresAt, null),
  lastRenewalAt: v.fallback(lastRenewalAt, null),
  lastError: v.fallback(lastError, null),
  signInBy: unknownIfBad(v.nullable(v.number())),
  throttledUntil: unknownIfBad(v.nullable(v.number())),
  needsAttention: unknownIfBad(v.boolean()),
  loggedOut: unknownIfBad(v.boolean()),
});
export type StoredAccountState = v.InferOutput<typeof storedStateObject>;
export const StoredAccountStateSchema = v.fallback(storedStateObject, () => emptyAccountState());

export interface WalletStateFile {
  version: 1;
  accounts: Record<string, StoredAccountState>;
}

export function emptyAccountState(): StoredAccountState {
  return { issuedAt: null, expiresAt: null, lastRenewalAt: null, lastError: null };
}

/** A state file's text as the state it holds; what does not fit is unknown (it is a cache). */
export function parseAccountState(text: string): StoredAccountState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return emptyAccountState();
  }
  return v.parse(StoredAccountStateSchema, parsed);
}
