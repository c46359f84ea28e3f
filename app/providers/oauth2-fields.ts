import type { GrantInputs, ProviderField } from './provider-meta';

/** The grants where a person signs in (browser or device code): only they have sessions to plan for. */
const interactiveGrants = ['authorization_code', 'device_code'] as const;

/**
 * The OAuth2 options as form fields; `grants` says which grants use a field, so forms and help show only what the
 * chosen grant needs.
 */
export const oauthFields = {
  tokenUrl: {
    key: 'tokenUrl',
    label: 'Token URL',
    cliFlag: '--token-url',
    required: true,
    help: 'OAuth2 token endpoint',
  },
  issuer: {
    key: 'issuer',
    label: 'Issuer',
    cliFlag: '--issuer',
    required: false,
    help: 'OpenID Connect issuer, for discovery',
  },
  clientId: {
    key: 'clientId',
    label: 'Client ID',
    cliFlag: '--client-id',
    required: false,
    help: 'OAuth2 client_id (needed by every grant but password)',
  },
  clientAuth: {
    key: 'clientAuth',
    label: 'Client authentication',
    cliFlag: '--client-auth',
    required: false,
    defaultValue: 'basic',
    choices: ['basic', 'post'],
    help: 'how a confidential client sends its secret: basic (client_secret_basic) or post (client_secret_post)',
  },
  scope: { key: 'scope', label: 'Scope', cliFlag: '--scope', required: false, help: 'Space-separated scopes' },
  audience: {
    key: 'audience',
    label: 'Audience',
    cliFlag: '--audience',
    required: false,
    help: 'audience parameter (Auth0 and others)',
  },
  resource: {
    key: 'resource',
    label: 'Resource',
    cliFlag: '--resource',
    required: false,
    help: 'RFC 8707 resource indicator',
  },
  grant: {
    key: 'grant',
    label: 'Grant',
    cliFlag: '--grant',
    required: false,
    defaultValue: 'password',
    choices: ['authorization_code', 'device_code', 'password', 'client_credentials'],
    help: 'authorization_code, device_code, password or client_credentials',
  },
  maxSession: {
    key: 'maxSession',
    label: 'Maximum session',
    cliFlag: '--max-session',
    required: false,
    grants: interactiveGrants,
    help: 'browser/device sign-ins: the server ends a session after this long (e.g. 12h, 7d), when it does not say',
  },
  remindBefore: {
    key: 'remindBefore',
    label: 'Remind before',
    cliFlag: '--remind-before',
    required: false,
    grants: interactiveGrants,
    help: 'browser/device sign-ins: a notification this long before sign-in is due (default 1d)',
  },
} as const satisfies Record<string, ProviderField>;

/** Which grants need a person's user name and password, and which a client secret. */
export const grantInputs: Readonly<Record<string, GrantInputs>> = {
  authorization_code: { username: false, password: false, clientSecret: 'optional' },
  device_code: { username: false, password: false, clientSecret: 'optional' },
  password: { username: true, password: true, clientSecret: 'optional' },
  client_credentials: { username: false, password: false, clientSecret: 'required' },
};
