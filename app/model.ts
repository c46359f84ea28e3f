import type * as v from 'valibot';
import {
  grantTypes,
  providerKinds,
  type AccountOptionsSchema,
  type AccountRecordSchema,
  type AccountStateSchema,
  type AccountStatusSchema,
  type RenewalPolicySchema,
  type TokenSetSchema,
} from './common/model-schema';

/**
 * Data shared by the core and every host. Nothing in here is secret. The types are derived from
 * the schemas in app/common/model-schema.ts (one definition each); this module names them.
 */
export { grantTypes, providerKinds };
export type { AccountInput } from './common/input-schema';

export type ProviderKind = (typeof providerKinds)[number];
export type GrantType = (typeof grantTypes)[number];

/** Grants where a person signs in at the identity provider (browser or device code), not the wallet with a password. */
export function isInteractiveGrant(grant: string | undefined): boolean {
  return grant === 'authorization_code' || grant === 'device_code';
}

/** Provider-specific, non-secret options of an account. */
export type AccountOptions = v.InferOutput<typeof AccountOptionsSchema>;
/** Per-account renewal policy; absent fields take the scheduler's defaults. */
export type RenewalPolicy = v.InferOutput<typeof RenewalPolicySchema>;
/** An account as stored in config.json. */
export type AccountRecord = v.InferOutput<typeof AccountRecordSchema>;
/** A token as the wallet keeps it. Times are epoch milliseconds on our own clock. */
export type TokenSet = v.InferOutput<typeof TokenSetSchema>;
export type AccountStatus = v.InferOutput<typeof AccountStatusSchema>;
/** Non-secret runtime state of one account, as shown by list, tray and dashboard. */
export type AccountState = v.InferOutput<typeof AccountStateSchema>;

/** An account as list, tray and dashboard show it: the record (no secrets, no origins) and its state. */
export interface AccountView extends Omit<AccountRecord, 'allowOrigins' | 'createdAt'>, AccountState {
  status: AccountStatus;
  /** From this instant the token is renewed before it is handed out (it has too little time left). */
  freshUntil: number | null;
  /** When the scheduler will renew next; null when nothing is scheduled or no scheduler runs here. */
  nextRenewalAt?: number | null;
  /** Present while the secret store (keychain) does not answer this host: tokens held are still served. */
  secretStore?: { available: false; since: number | null; message: string | null };
  /** The newest session is in memory only, written when the secret store answers again. */
  unsavedSession?: boolean;
}

/**
 * After `remove`: `ended` (the API's logout went through), `none` (the API has no logout, or nothing
 * was signed in), `left-open` (the logout failed, `reason` says why in one line; the server ends the
 * session when its token expires).
 */
export interface RemoveOutcome {
  serverSession: 'ended' | 'none' | 'left-open';
  reason?: string;
}
