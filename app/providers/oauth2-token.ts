import {
  clientCredentialsGrant,
  loginResultFrom,
  oauthSession,
  passwordGrant,
  refreshGrant,
  type OAuthSession,
} from '../auth/oauth/grants';
import { revokeSession } from '../auth/oauth/revocation';
import { sessionEndAfterSignIn } from '../auth/oauth/session-end';
import { WalletError } from '../errors';
import { isInteractiveGrant, type AccountRecord } from '../model';
import type { LoginResult, Provider, ProviderContext, ProviderMeta } from './provider';
import type { GrantInputs } from './provider-meta';
import { grantInputs, oauthFields } from './oauth2-fields';

/**
 * The generic OAuth2 and OpenID Connect providers. The protocol (discovery, client authentication,
 * grants, token responses, revocation) is oauth4webapi's, in app/auth/oauth/; here only what
 * differs between the two kinds.
 */
interface OAuth2Preset {
  meta: ProviderMeta;
  /** oidc: --issuer (discovery) or --token-url; oauth2: --token-url. */
  needsIssuer: boolean;
  /** Revoke at logout (RFC 7009) when the server advertises a revocation endpoint. */
  revokes: boolean;
}

function grantOf(account: AccountRecord): string {
  return account.options.grant ?? 'password';
}

const interactiveOf = (account: AccountRecord): boolean => isInteractiveGrant(account.options.grant);

async function login(preset: OAuth2Preset, context: ProviderContext): Promise<LoginResult> {
  const session = await oauthSession(context, { needsIssuer: preset.needsIssuer });
  const grant = grantOf(context.account);
  if (grant === 'authorization_code' || grant === 'device_code') {
    if (context.interaction === undefined) {
      throw new WalletError('credentials', `needs sign-in: run token-wallet login ${context.account.name}`, {
        server: session.server,
      });
    }
    const { interactiveSignIn } = await import('../auth/oauth/interactive');
    const result = loginResultFrom(
      await interactiveSignIn(session, context, context.interaction),
      session,
      undefined,
      true,
    );
    const end = sessionEndAfterSignIn(context.account, result.refreshExpiresAt, result.issuedAt);
    return end === undefined ? result : { ...result, refreshExpiresAt: end };
  }
  const result =
    grant === 'client_credentials'
      ? await clientCredentialsGrant(session, context)
      : await passwordGrant(session, context);
  return loginResultFrom(result, session, undefined, false);
}

async function renew(preset: OAuth2Preset, context: ProviderContext, refreshToken: string): Promise<LoginResult> {
  const session: OAuthSession = await oauthSession(context, { needsIssuer: preset.needsIssuer });
  return loginResultFrom(
    await refreshGrant(session, context, refreshToken),
    session,
    refreshToken,
    interactiveOf(context.account),
  );
}

export function oauth2Provider(preset: OAuth2Preset): Provider {
  const provider: Provider = {
    meta: preset.meta,
    login: (context) => login(preset, context),
    renew: (context, current) =>
      current.refreshToken === undefined ? provider.login(context) : renew(preset, context, current.refreshToken),
  };
  if (preset.revokes) {
    provider.logout = async (context, current) => {
      await revokeSession(await oauthSession(context, { needsIssuer: preset.needsIssuer }), current);
    };
  }
  return provider;
}

const grantHelp =
  'authorization_code (browser sign-in), device_code (code on another device), password, client_credentials';

export const oauth2GenericProvider = oauth2Provider({
  meta: {
    kind: 'oauth2',
    label: 'OAuth2',
    description: 'Any OAuth2 token endpoint (password or client credentials grant, refresh tokens)',
    usage: 'bearer',
    urlExample: 'https://api.example.com',
    defaultPath: '/',
    fields: [
      oauthFields.tokenUrl,
      oauthFields.clientId,
      oauthFields.clientAuth,
      oauthFields.scope,
      oauthFields.audience,
      oauthFields.resource,
      { ...oauthFields.grant, choices: ['password', 'client_credentials'], help: 'password or client_credentials' },
    ],
    renewal: 'refresh',
    hasLogout: false,
    usernameOptional: true,
    grantInputs: {
      password: grantInputs.password as GrantInputs,
      client_credentials: grantInputs.client_credentials as GrantInputs,
    },
  },
  needsIssuer: false,
  revokes: false,
});

export const oidcProvider = oauth2Provider({
  meta: {
    kind: 'oidc',
    label: 'OpenID Connect',
    description: 'Any OpenID Connect provider: browser or device sign-in, password, client credentials',
    usage: 'bearer',
    urlExample: 'https://api.example.com',
    defaultPath: '/',
    fields: [
      { ...oauthFields.issuer, help: 'Issuer URL; its discovery document gives the endpoints' },
      { ...oauthFields.tokenUrl, required: false, help: 'Token endpoint, when there is no discovery' },
      oauthFields.clientId,
      oauthFields.clientAuth,
      oauthFields.scope,
      oauthFields.audience,
      oauthFields.resource,
      { ...oauthFields.grant, help: grantHelp },
      oauthFields.maxSession,
      oauthFields.remindBefore,
    ],
    renewal: 'refresh',
    hasLogout: true,
    usernameOptional: true,
    grantInputs,
  },
  needsIssuer: true,
  revokes: true,
});
