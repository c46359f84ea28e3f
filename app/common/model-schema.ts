import * as v from 'valibot';

/**
 * The data every host shares, as valibot schemas: one definition per fact, the TypeScript types
 * derived from them (app/model.ts re-exports them). Pure (valibot only), so the renderer may import
 * these; it imports only their types today, which costs its bundle nothing.
 */

/** A provider id: a built-in's or an installed recipe's name (whether it exists is the registry's call). */
export const providerIdPattern = /^[a-z][a-z0-9-]{0,39}$/;
/** An account option key (built-in ones and those a recipe declares): camelCase letters and digits. */
export const optionKeyPattern = /^[a-z][A-Za-z0-9]{0,31}$/;

/** The providers shipped with the app. Installed recipes add more. */
export const providerKinds = ['vss', 'ribbon-sbc', 'sensu', 'vyopta', 'veeam-vao', 'oidc', 'oauth2'] as const;
export const grantTypes = ['authorization_code', 'device_code', 'password', 'client_credentials'] as const;
export const clientAuthMethods = ['basic', 'post'] as const;

export const ProviderIdSchema = v.pipe(v.string(), v.regex(providerIdPattern));
export const GrantTypeSchema = v.picklist(grantTypes);
export const ClientAuthSchema = v.picklist(clientAuthMethods);

/** Provider-specific, non-secret options of an account as stored (config.json). */
export const AccountOptionsSchema = v.objectWithRest(
  {
    /** Ribbon SBC REST API version in the path, e.g. v1.2. */
    apiVersion: v.optional(v.string()),
    /** OAuth2 / OIDC token endpoint (absolute URL). */
    tokenUrl: v.optional(v.string()),
    /** OIDC issuer for discovery. */
    issuer: v.optional(v.string()),
    clientId: v.optional(v.string()),
    scope: v.optional(v.string()),
    grant: v.optional(GrantTypeSchema),
    /** How a confidential client authenticates at the token endpoint: client_secret_basic (default) or _post. */
    clientAuth: v.optional(ClientAuthSchema),
    /** Passed through to the authorization server (audience: Auth0 and others; resource: RFC 8707). */
    audience: v.optional(v.string()),
    resource: v.optional(v.string()),
    /**
     * Browser/device sign-ins: the longest session the server allows (a duration such as 12h), when it does not say.
     */
    maxSession: v.optional(v.string()),
    /** Browser/device sign-ins: remind this long before a sign-in is due (default 1d). */
    remindBefore: v.optional(v.string()),
  },
  /** Options a recipe declares (docs/recipes.md). */
  v.optional(v.string()),
);

/** Per-account renewal policy; absent fields take the scheduler's defaults. */
export const RenewalPolicySchema = v.object({
  /** Renew only when a token is asked for; no background renewal. */
  onDemandOnly: v.optional(v.boolean()),
  /** Fraction of the lifetime after which to renew (default 0.75). */
  renewAtFraction: v.optional(v.number()),
  /** Log out of the server when the app quits (APIs with a logout endpoint). */
  logoutOnQuit: v.optional(v.boolean()),
});

/** The fields of an account as config.json stores it (the loader keeps unknown fields; see config-schema.ts). */
export const accountRecordEntries = {
  id: v.string(),
  name: v.string(),
  provider: ProviderIdSchema,
  /** Base URL of the API, no trailing slash. */
  url: v.string(),
  username: v.string(),
  options: v.optional(AccountOptionsSchema, {}),
  /** PEM file of the CA that signed a self-signed appliance's certificate. */
  caFile: v.optional(v.string()),
  /** Plain HTTP to a non-loopback host was asked for explicitly. */
  allowHttp: v.optional(v.boolean()),
  /** Origins besides the account URL's that a recipe may send credentials to (--allow-origin). */
  allowOrigins: v.optional(v.array(v.string())),
  policy: v.optional(RenewalPolicySchema),
  /** Older homes may lack it: it is shown, never relied on. */
  createdAt: v.optional(v.string(), ''),
};
export const AccountRecordSchema = v.object(accountRecordEntries);

/** A token as the wallet keeps it (the session item in the secret store). Epoch ms on our own clock. */
export const TokenSetSchema = v.object({
  accessToken: v.string(),
  refreshToken: v.optional(v.string()),
  issuedAt: v.number(),
  expiresAt: v.number(),
});

const instant = v.optional(v.nullable(v.number()), null);

/** Non-secret runtime state of one account, as shown by list, tray and dashboard. */
export const accountStateEntries = {
  issuedAt: instant,
  expiresAt: instant,
  lastRenewalAt: instant,
  lastError: v.optional(v.nullable(v.object({ kind: v.string(), message: v.string(), at: v.number() })), null),
  /** Browser/device accounts: when the refresh token ends and a person must sign in again; null when unknown. */
  signInBy: v.optional(v.nullable(v.number())),
};
export const AccountStateSchema = v.object(accountStateEntries);

export const accountStatuses = [
  'fresh', // a valid token with plenty of time left
  'expiring', // valid, but close to expiry
  'expired', // we had a token; it is past its expiry
  'none', // no token yet
  'renewing',
  'attention', // credentials rejected: needs the user
  'offline', // last renewal could not reach the server
  'on-demand', // background renewal off, token not valid
  'logged-out', // the user logged out: nothing renews or logs in until the user asks
] as const;
export const AccountStatusSchema = v.picklist(accountStatuses);
