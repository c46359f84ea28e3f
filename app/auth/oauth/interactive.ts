import type * as oauth from 'oauth4webapi';
import type { ProviderContext, SignInInteraction } from '../../providers/provider';
import type { OAuthSession } from './grants';

/** A sign-in by a person: a device code (RFC 8628) or the browser (authorization code + PKCE). */
export async function interactiveSignIn(
  session: OAuthSession,
  context: ProviderContext,
  interaction: SignInInteraction,
): Promise<oauth.TokenEndpointResponse> {
  const signIn = async (): Promise<oauth.TokenEndpointResponse> => {
    if (context.account.options.grant === 'device_code') {
      const { deviceSignIn } = await import('./device-flow');
      return deviceSignIn(session, context, interaction);
    }
    const { browserSignIn } = await import('./loopback');
    return browserSignIn(session, context, interaction);
  };
  // One prompt at a time across accounts, where the host keeps a queue (agent, app, dashboard).
  return interaction.queue === undefined ? signIn() : interaction.queue.run(context.account.name, signIn);
}
