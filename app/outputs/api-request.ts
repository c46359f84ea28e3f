import { readFile } from 'node:fs/promises';
import type { WalletApi } from '../contract';
import { WalletError, usageError } from '../errors';
import { httpRequest, type HttpResponse } from '../http/http-client';
import type { AccountView } from '../model';
import { authorizationHeader, snippetUrl } from '../snippets';

export interface ApiCall {
  account: string;
  path: string;
  method: string;
  headers: string[];
  /** The body, already read from its file or stdin. */
  body?: string;
  timeoutMs?: number;
}

/** `-H 'K: V'` into a header map; a malformed header is a usage error. */
export function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n]/.test(line))
      throw usageError(`-H takes 'Name: value', not ${JSON.stringify(line.slice(0, 60))}`);
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** `-d DATA`, `-d @FILE`, `-d @-` (standard input). */
export async function readBody(data: string | undefined, stdin: NodeJS.ReadableStream): Promise<string | undefined> {
  if (data === undefined) return undefined;
  if (data === '@-') {
    let text = '';
    stdin.setEncoding('utf8');
    for await (const chunk of stdin) text += chunk as string;
    return text;
  }
  if (data.startsWith('@')) {
    try {
      return await readFile(data.slice(1), 'utf8');
    } catch {
      throw usageError(`cannot read ${data.slice(1)}`);
    }
  }
  return data;
}

async function caOf(account: AccountView): Promise<string | undefined> {
  if (account.caFile === undefined) return undefined;
  try {
    return await readFile(account.caFile, 'utf8');
  } catch {
    throw new WalletError('config', `cannot read CA file ${account.caFile}`, { account: account.name });
  }
}

/**
 * One request to the account's own server with its token as the API expects it; a 401 renews the
 * token once and retries (the server may have dropped the session early).
 */
export async function callApi(api: WalletApi, call: ApiCall): Promise<HttpResponse> {
  const [account, providers] = await Promise.all([api.get(call.account), api.providers()]);
  const meta = providers.find((candidate) => candidate.kind === account.provider);
  if (meta === undefined) throw new WalletError('internal', `unknown provider ${account.provider}`);
  const url = new URL(snippetUrl(account, meta, call.path));
  const ca = await caOf(account);
  const userHeaders = parseHeaders(call.headers);
  if (call.body !== undefined && !Object.keys(userHeaders).some((name) => name.toLowerCase() === 'content-type'))
    userHeaders['Content-Type'] = 'application/json';
  const send = async (token: string): Promise<HttpResponse> =>
    httpRequest({
      // The client passes any method through; its type names only the two the providers use.
      method: call.method as 'GET',
      url,
      headers: {
        Accept: 'application/json, */*;q=0.5',
        Authorization: authorizationHeader(meta, token),
        ...userHeaders,
      },
      ...(call.body === undefined ? {} : { body: call.body }),
      ...(ca === undefined ? {} : { ca }),
      ...(call.timeoutMs === undefined ? {} : { timeoutMs: call.timeoutMs }),
    }).catch((error: unknown) => {
      throw error instanceof WalletError ? error.withContext(account.name, url.origin) : error;
    });
  const first = await send((await api.freshToken(account.name)).token);
  if (first.status !== 401) return first;
  await api.renew(account.name);
  return send((await api.freshToken(account.name)).token);
}

/** gh api's rule: 2xx and 3xx are success; refused credentials 3; any other status 5. */
export function exitCodeForStatus(status: number): number {
  if (status >= 200 && status < 400) return 0;
  if (status === 401 || status === 403) return 3;
  return 5;
}

/** The body as the user sees it: pretty JSON on a terminal, the bytes as they came otherwise. */
export function renderBody(response: HttpResponse, tty: boolean): string {
  const text = response.body.toString('utf8');
  const type = String(response.headers['content-type'] ?? '');
  if (!tty || !/json/i.test(type)) return text;
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text;
  }
}

export function renderHead(response: HttpResponse): string {
  const lines = [`HTTP ${response.status}`];
  for (const [name, value] of Object.entries(response.headers)) {
    for (const item of Array.isArray(value) ? value : [value ?? '']) lines.push(`${name}: ${item}`);
  }
  return `${lines.join('\n')}\n\n`;
}
