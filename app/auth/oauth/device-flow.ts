import * as oauth from 'oauth4webapi';
import { WalletError, stripControls } from '../../errors';
import type { ProviderContext, SignInInteraction } from '../../providers/provider';
import { extraParameters, type OAuthSession } from './grants';
import { defaultSignInTimeoutMs } from './loopback';
import { oauthFailure } from './oauth-errors';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** RFC 8628 §3.5: slow_down adds 5 seconds to the polling interval, for good. */
const slowDownStepMs = 5000;

/** The device authorization grant (RFC 8628): a code the person enters on any device with a browser. */
export async function deviceSignIn(
  session: OAuthSession,
  context: ProviderContext,
  interaction: SignInInteraction,
): Promise<oauth.TokenEndpointResponse> {
  const { as, client, auth, http, server } = session;
  if (typeof as.device_authorization_endpoint !== 'string') {
    throw new WalletError(
      'unexpected',
      'the server advertises no device_authorization_endpoint (try --grant authorization_code)',
      { server, field: 'grant' },
    );
  }
  const openid = context.account.provider === 'oidc';
  const scope = context.account.options.scope ?? (openid ? 'openid offline_access' : undefined);
  const parameters = { ...extraParameters(context, false), ...(scope === undefined ? {} : { scope }) };
  let device: oauth.DeviceAuthorizationResponse;
  try {
    device = await oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(as, client, auth, parameters, http),
    );
  } catch (error) {
    throw oauthFailure(error, server, 'device_code', http.last());
  }
  // Server text on the user's terminal: never with escape sequences.
  const uri = stripControls(device.verification_uri);
  interaction.say(
    `To sign in to ${context.account.name}, open ${uri} and enter the code ${stripControls(device.user_code)}`,
  );
  const complete =
    typeof device.verification_uri_complete === 'string' ? stripControls(device.verification_uri_complete) : undefined;
  if (complete !== undefined) interaction.say(`(or open ${complete}, which has the code in it)`);
  interaction.openBrowser(complete ?? uri);
  let intervalMs = (device.interval ?? 5) * 1000;
  const deadline =
    context.now() + Math.min(device.expires_in * 1000, interaction.timeoutMs ?? defaultSignInTimeoutMs * 3);
  for (;;) {
    await sleep(intervalMs);
    if (context.now() > deadline)
      throw new WalletError(
        'credentials',
        'the device code expired before the sign-in finished; run token-wallet login again',
        { server },
      );
    try {
      const response = await oauth.deviceCodeGrantRequest(as, client, auth, device.device_code, http);
      return await oauth.processDeviceCodeResponse(as, client, response);
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError && error.error === 'authorization_pending') continue;
      if (error instanceof oauth.ResponseBodyError && error.error === 'slow_down') {
        intervalMs += slowDownStepMs;
        continue;
      }
      throw oauthFailure(error, server, 'device_code', http.last());
    }
  }
}
