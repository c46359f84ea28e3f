import { isLoopbackHost } from '../../account-input';
import { WalletError } from '../../errors';
import type { HttpRequest, HttpResponse } from '../../http/http-client';
import { basicAuthorization, endpointText, failureFor, rateLimitedError, retryAtFrom } from '../../providers/responses';
import type { ProviderContext } from '../../providers/provider';
import type { RecipeErrors, RecipeRequest } from './recipe-schema';
import { parsedIn, renderTemplate, soleName, type TemplateValues } from './template';

/** Turning a recipe's request into an HTTP request, and its answer's failure into a WalletError. */

const anyName = { has: () => true } as unknown as ReadonlySet<string>;

/** How many request URLs were checked in this process: renewals must reuse the check (see requestUrl). */
export const urlStats = { checks: 0 };

/**
 * URLs parsed, by text (accounts of one server share their token URL), and per account record (the
 * config's; an edit makes a new one) the one that passed its check last: an agent sends the same
 * URL for each account thousands of times. Shared URL objects are only ever read, never changed.
 */
const parsedUrls = new Map<string, URL>();
const checkedFor = { trusted: new WeakMap<object, URL>(), untrusted: new WeakMap<object, URL>() };

function parseUrl(text: string, whole: string | undefined): URL {
  let url = parsedUrls.get(text);
  if (url !== undefined) return url;
  try {
    url = new URL(text);
  } catch (error) {
    if (whole !== undefined) throw new WalletError('usage', `the ${whole} option is not a URL`, { field: whole });
    throw error;
  }
  // Bounded: a template with per-renewal values (a token in the path) must not grow it for ever.
  if (parsedUrls.size >= 256) parsedUrls.clear();
  parsedUrls.set(text, url);
  return url;
}

export function requestUrl(
  request: RecipeRequest,
  context: ProviderContext,
  values: TemplateValues,
  trusted: boolean,
): URL {
  const { account } = context;
  const template = parsedIn(request, request.path, anyName);
  const whole = soleName(template);
  let text: string;
  if (whole !== undefined) {
    const value = values[whole];
    if (value === undefined)
      throw new WalletError('usage', `the ${whole} option has no value for this account`, { field: whole });
    text = value;
  } else if (request.path.startsWith('/')) {
    text = endpointText(account.url, renderTemplate(template, values, 'path'));
  } else {
    text = renderTemplate(template, values, 'path');
  }
  const url = parseUrl(text, whole);
  const checked = trusted ? checkedFor.trusted : checkedFor.untrusted;
  if (checked.get(account) === url) return url;
  checkUrl(context, url, trusted);
  checked.set(account, url);
  return url;
}

/**
 * The request's URL, checked. A recipe can never send a secret to an origin other than the account
 * URL's (a URL the user gave as an account option counts as theirs), nor over plain http to a
 * non-loopback host, unless the account allows it (--allow-origin, --allow-http). Built-in recipes
 * are shipped with the app and are trusted with their own defaults (Vyopta's token URL).
 */
function checkUrl(context: ProviderContext, url: URL, trusted: boolean): void {
  const { account } = context;
  urlStats.checks += 1;
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WalletError('usage', `recipe URL ${url.protocol} is not http(s)`);
  const accountOrigin = new URL(account.url).origin;
  const userGiven = Object.values(account.options).flatMap((option) => {
    try {
      return option === undefined ? [] : [new URL(option).origin];
    } catch {
      return [];
    }
  });
  const allowed = new Set([accountOrigin, ...userGiven, ...(account.allowOrigins ?? [])]);
  if (!trusted && !allowed.has(url.origin)) {
    throw new WalletError(
      'usage',
      `the recipe sends credentials to ${url.origin}, not the account's server ${accountOrigin}; pass ` +
        `--allow-origin ${url.origin} if you trust it`,
      { field: 'url' },
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && account.allowHttp !== true) {
    throw new WalletError(
      'usage',
      `the recipe would send credentials over plain http to ${url.hostname}; use https, or pass --allow-http`,
      { field: 'url' },
    );
  }
}

export function buildRequest(
  request: RecipeRequest,
  context: ProviderContext,
  values: TemplateValues,
  trusted: boolean,
): HttpRequest {
  const url = requestUrl(request, context, values, trusted);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {}))
    headers[name] = renderTemplate(parsedIn(request, value, anyName), values, 'header');
  if (request.auth === 'basic') {
    const username = values.username ?? '';
    if (/[\r\n\0]/.test(username))
      throw new WalletError('usage', 'the username contains a line break', { field: 'username' });
    headers.Authorization = basicAuthorization(username, context.password);
  }
  let body: string | undefined;
  const has = (name: string): boolean => Object.keys(headers).some((key) => key.toLowerCase() === name);
  if (request.body !== undefined && 'form' in request.body) {
    const form = new URLSearchParams();
    for (const [field, value] of Object.entries(request.body.form))
      form.append(field, renderTemplate(parsedIn(request, value, anyName), values, 'form'));
    body = form.toString();
    if (!has('content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (request.body !== undefined) {
    body = JSON.stringify(renderJson(request, request.body.json, values));
    if (!has('content-type')) headers['Content-Type'] = 'application/json';
  }
  if (!has('accept')) headers.Accept = 'application/json';
  // The account's CA is added by the context's transport (the wallet's), not here.
  return { method: request.method, url, headers, ...(body === undefined ? {} : { body }) };
}

/** JSON bodies: every string leaf is a template; JSON.stringify encodes the values as JSON strings. */
function renderJson(request: RecipeRequest, value: unknown, values: TemplateValues): unknown {
  if (typeof value === 'string') return renderTemplate(parsedIn(request, value, anyName), values, 'json');
  if (Array.isArray(value)) return value.map((item) => renderJson(request, item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderJson(request, item, values)]));
  }
  return value;
}

export function isOk(request: RecipeRequest, response: HttpResponse): boolean {
  return request.ok === undefined
    ? response.status >= 200 && response.status < 300
    : request.ok.includes(response.status);
}

function reasonFields(response: HttpResponse): string[] {
  try {
    const body = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
    return ['error', 'error_description', 'message'].flatMap((key) =>
      typeof body[key] === 'string' ? [body[key]] : [],
    );
  } catch {
    return [];
  }
}

/**
 * The failure for an answer that is not ok: the recipe's own messages first, then rate limits,
 * rejected credentials and server errors as every provider maps them (responses.ts).
 */
export function recipeFailure(
  response: HttpResponse,
  server: string,
  errors: RecipeErrors,
  values: TemplateValues,
  what: string,
): WalletError {
  const { status } = response;
  const rejected = errors.rejected ?? [401, 403];
  const rateLimited = errors.rate_limited ?? [429];
  const retryAt = retryAtFrom(response);
  if (rateLimited.includes(status) && status !== 429) return rateLimitedError(server, status, retryAt);
  const reasons = reasonFields(response).map((reason) => reason.toLowerCase());
  for (const entry of errors.messages ?? []) {
    if (entry.status !== status) continue;
    if (entry.match !== undefined && !reasons.some((reason) => reason.includes(entry.match?.toLowerCase() ?? '')))
      continue;
    const kind = entry.kind ?? (rejected.includes(status) ? 'credentials' : 'unexpected');
    const message = renderTemplate(parsedIn(entry, entry.message, anyName), values, 'message');
    return new WalletError(kind, message, {
      server,
      status,
      ...(entry.field === undefined ? {} : { field: entry.field }),
    });
  }
  return failureFor(response, server, rejected, what);
}
