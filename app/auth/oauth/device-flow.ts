import * as oauth from 'oauth4webapi';
import { WalletError, stripControls } from '../../errors';
import type { ProviderContext, SignInInteraction } from '../../providers/provider';
import { extraParameters, type OAuthSession } from './grants';
import { defaultSignInTimeoutMs } from './loopback';
import { oauthFailure } from './oauth-errors';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** RFC 8628 §3.5: slow_down adds 5 seconds to the polling interval, for good. */
const slowDownStepMs = 5000;

/**
 * A link the server wants the person to open: only a web URL (a browser hands other schemes, file:
 * included, to whatever handles them), https unless the issuer itself is plain http. Else undefined.
 */
function webUrl(text: unknown, issuer: string): string | undefined {
  if (typeof text !== 'string' || !URL.canParse(text)) return undefined;
  const { protocol } = new URL(text);
  const allowed = protocol === 'https:' || (protocol === 'http:' && new URL(issuer).protocol === 'http:');
  return allowed ? stripControls(text) : undefined;
}

/** Where to enter the code, shown and opened: web URLs only; a bad verification_uri refuses the sign-in. */
function showDeviceCode(
  device: oauth.DeviceAuthorizationResponse,
  issuer: string,
  server: string,
  account: string,
  interaction: SignInInteraction,
): void {
  // Server text on the user's terminal: never with escape sequences.
  const uri = webUrl(device.verification_uri, issuer);
  if (uri === undefined) {
    throw new WalletError('unexpected', "the server's verification_uri is not an https URL; refused", {
      server,
      field: 'grant',
    });
  }
  interaction.say(`To sign in to ${account}, open ${uri} and enter the code ${stripControls(device.user_code)}`);
  const complete = webUrl(device.verification_uri_complete, issuer);
  if (complete !== undefined) interaction.say(`(or open ${complete}, which has the code in it)`);
  interaction.openBrowser(complete ?? uri);
}

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
  showDeviceCode(device, as.issuer, server, context.account.name, interaction);
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
