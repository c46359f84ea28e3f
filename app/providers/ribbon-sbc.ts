import { XMLParser } from 'fast-xml-parser';
import { WalletError } from '../errors';
import type { HttpResponse } from '../http/http-client';
import type { TokenSet } from '../model';
import type { LoginResult, Provider, ProviderContext } from './provider';
import { basicAuthorization, checkToken, endpoint, failureFor, isSuccess } from './responses';

/** The SBC does not state the lifetime in its answer; its documentation says ten minutes. */
export const ribbonTokenLifetimeMs = 10 * 60 * 1000;
export const ribbonDefaultApiVersion = 'v1.2';

const xml = new XMLParser({
  // No entity expansion of any kind and no DOCTYPE processing: a hostile SBC (or anything in the
  // middle) cannot make us expand entities or fetch anything. Documents with a DOCTYPE are refused.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
});

/** Extracts `<response><data><accessToken>` from the SBC's answer (fast-xml-parser, entities off). */
export function parseRibbonToken(text: string, server: string): string {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new WalletError('unexpected', 'answered with XML containing a DOCTYPE; refused for safety', { server });
  }
  let document: unknown;
  try {
    document = xml.parse(text, true);
  } catch {
    throw new WalletError('unexpected', 'answered with malformed XML', { server });
  }
  const response = (document as { response?: unknown } | null)?.response;
  if (response === undefined || typeof response !== 'object' || response === null) {
    throw new WalletError('unexpected', 'answered with something other than the documented <response> XML', { server });
  }
  const token = (response as { data?: { accessToken?: unknown } }).data?.accessToken;
  if (typeof token !== 'string' || token.trim() === '') {
    throw new WalletError('unexpected', 'answered without <accessToken>', { server });
  }
  if (token.includes('&')) {
    throw new WalletError('unexpected', 'answered with an encoded <accessToken>; refused', { server });
  }
  return checkToken(token.trim(), server, '<accessToken>');
}

function tokenPath(context: ProviderContext): string {
  return `/rest/${context.account.options.apiVersion ?? ribbonDefaultApiVersion}/auth/token`;
}

function failure(response: HttpResponse, context: ProviderContext, server: string): WalletError {
  switch (response.status) {
    case 400:
      return new WalletError('unexpected', 'refused the Authorization header as missing or malformed (HTTP 400)', { server, status: 400 });
    case 401:
      return new WalletError('credentials', 'invalid username or password (HTTP 401)', { server, status: 401 });
    case 404:
      return new WalletError(
        'unexpected',
        `does not support REST API version ${context.account.options.apiVersion ?? ribbonDefaultApiVersion} (HTTP 404); check the API version setting`,
        { server, status: 404, field: 'apiVersion' },
      );
    default:
      return failureFor(response, server);
  }
}

async function requestToken(context: ProviderContext, current?: TokenSet): Promise<LoginResult> {
  const server = new URL(context.account.url).origin;
  const headers: Record<string, string> = {
    Authorization: basicAuthorization(context.account.username, context.password),
    Accept: 'application/xml',
  };
  let body: string | undefined;
  if (current !== undefined) {
    // Early re-authentication: credentials plus the current token, so the configuration lock stays ours.
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({ token: current.accessToken }).toString();
  }
  const response = await context.http({
    method: 'POST',
    url: endpoint(context.account.url, tokenPath(context)),
    headers,
    ...(body === undefined ? {} : { body }),
    ...(context.ca === undefined ? {} : { ca: context.ca }),
  });
  if (!isSuccess(response)) throw failure(response, context, server);
  const accessToken = parseRibbonToken(response.body.toString('utf8'), server);
  return { accessToken, issuedAt: response.receivedAt, expiresAt: response.receivedAt + ribbonTokenLifetimeMs };
}

export const ribbonSbcProvider: Provider = {
  meta: {
    kind: 'ribbon-sbc',
    label: 'Ribbon SBC',
    description: 'Ribbon SBC Edge REST API',
    usage: 'bearer',
    urlExample: 'https://sbc.example.net',
    defaultPath: '/rest/{apiVersion}/system',
    fields: [
      {
        key: 'apiVersion',
        label: 'REST API version',
        cliFlag: '--api-version',
        required: false,
        defaultValue: ribbonDefaultApiVersion,
        help: 'Version in the REST path, e.g. v1.2',
      },
    ],
    renewal: 'reauthenticate',
    hasLogout: false,
  },
  login: (context) => requestToken(context),
  renew: async (context, current) => {
    // Re-authentication with a token the SBC considers expired would be refused; log in plainly instead.
    if (current.expiresAt <= context.now()) return requestToken(context);
    return requestToken(context, current);
  },
};
