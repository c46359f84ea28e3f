import type * as oauth from 'oauth4webapi';
import { WalletError } from '../../errors';
import type { ProviderContext, SignInInteraction } from '../../providers/provider';
import type { OAuthSession } from './grants';

/** A sign-in by a person: the browser (authorization code + PKCE) or a device code. */
export async function interactiveSignIn(session: OAuthSession, context: ProviderContext, interaction: SignInInteraction): Promise<oauth.TokenEndpointResponse> {
  void interaction;
  throw new WalletError('unexpected', `the ${context.account.options.grant ?? ''} grant is not available yet`, { server: session.server });
}
