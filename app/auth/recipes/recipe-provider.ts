import { WalletError } from '../../errors';
import type { HttpResponse } from '../../http/http-client';
import type { TokenSet } from '../../model';
import type { LoginResult, Provider, ProviderContext } from '../../providers/provider';
import { checkToken, throttleFrom } from '../../providers/responses';
import { absoluteTime, relativeSeconds, serverToLocal } from './expiry';
import { AnswerReader, locatorLabel, parseHeaderName, parseJsonPointer, parseXmlPath, type Locator } from './extract';
import { secondaryLocator } from './recipe-check';
import { recipeMeta } from './recipe-meta';
import { buildRequest, isOk, recipeFailure } from './recipe-request';
import type { Recipe, RecipeRequest, RecipeToken } from './recipe-schema';
import type { TemplateValues } from './template';

type Section = 'login' | 'refresh' | 'logout' | 'test';

const what: Record<Section, string> = {
  login: 'the credentials',
  refresh: 'the refresh token',
  logout: 'the session',
  test: 'the credentials',
};

/** The values templates may name, for this account: built-in names plus the recipe's options (or their defaults). */
export function templateValues(
  recipe: Recipe,
  context: ProviderContext,
  current?: TokenSet,
): Record<string, string | undefined> {
  const { account } = context;
  const values: Record<string, string | undefined> = {};
  for (const option of recipe.options ?? []) values[option.key] = account.options[option.key] ?? option.default;
  return {
    ...values,
    username: account.username,
    password: context.password,
    client_id: account.options.clientId ?? values.clientId,
    token: current?.accessToken,
    refresh_token: current?.refreshToken,
  };
}

function tokenLocator(token: RecipeToken): Locator {
  if (token.from === 'header') return { source: 'header', name: parseHeaderName(token.path) };
  if (token.from === 'xml') return { source: 'xml', path: parseXmlPath(token.path) };
  return { source: 'body', pointer: parseJsonPointer(token.path) };
}

/** The token set in an answer, with its expiry on our clock. */
/** The latest instant a Date can represent (year 275760): beyond it times stop being numbers we can compare. */
const maxExpiryMs = 8.64e15;

export function tokenSetFrom(
  token: RecipeToken,
  response: HttpResponse,
  server: string,
  keepRefresh?: string,
): LoginResult {
  const reader = new AnswerReader(response, server);
  const locator = tokenLocator(token);
  const accessToken = reader.value(locator);
  if (typeof accessToken !== 'string' || accessToken.trim() === '')
    throw new WalletError('unexpected', `answered without ${locatorLabel(locator)}`, { server });
  let expiresAt: number | undefined;
  if (token.expires_at !== undefined) {
    const at = secondaryLocator(token.from, token.expires_at);
    const serverMs = absoluteTime(reader.value(at));
    if (serverMs !== undefined) expiresAt = serverToLocal(serverMs, response);
    else if (token.lifetime === undefined)
      throw new WalletError('unexpected', `answered without a valid ${locatorLabel(at)}`, { server });
  } else if (token.expires_in !== undefined) {
    const at = secondaryLocator(token.from, token.expires_in);
    const seconds = relativeSeconds(reader.value(at));
    if (seconds !== undefined) expiresAt = response.receivedAt + seconds * 1000;
    else if (token.lifetime === undefined)
      throw new WalletError('unexpected', `answered without a valid ${locatorLabel(at)}`, { server });
  }
  expiresAt ??= response.receivedAt + (token.lifetime ?? 0) * 1000;
  if (expiresAt <= response.receivedAt)
    throw new WalletError('unexpected', 'issued a token that had already expired (check both clocks)', { server });
  // A lifetime past what a Date can hold (1e308 seconds, say) is a broken or hostile answer, not a token for ever.
  if (!Number.isFinite(expiresAt) || expiresAt > maxExpiryMs)
    throw new WalletError('unexpected', 'answered with an expiry out of range', { server });
  let refreshToken = keepRefresh;
  if (token.refresh_token !== undefined) {
    const found = reader.value(secondaryLocator(token.from, token.refresh_token));
    if (typeof found === 'string' && found !== '') refreshToken = found;
  }
  return {
    accessToken: checkToken(accessToken.trim(), server, locatorLabel(locator)),
    ...(refreshToken === undefined ? {} : { refreshToken }),
    issuedAt: response.receivedAt,
    expiresAt,
    ...throttleFrom(response),
  };
}

export interface RecipeExchange {
  response: HttpResponse;
  server: string;
}

/** Sends one of the recipe's requests; a non-ok answer becomes the WalletError the recipe says. */
export async function exchange(
  recipe: Recipe,
  section: Section,
  request: RecipeRequest,
  context: ProviderContext,
  values: TemplateValues,
  trusted: boolean,
): Promise<RecipeExchange> {
  const built = buildRequest(request, context, values, trusted);
  const server = built.url.origin;
  const response = await context.http(built);
  if (!isOk(request, response)) {
    const errors = { ...recipe.errors, ...request.errors };
    throw recipeFailure(response, server, errors, values, what[section]);
  }
  return { response, server };
}

/** A Provider from a recipe: everything a built-in provider offers, described as data. */
export function recipeProvider(
  recipe: Recipe,
  options: { trusted: boolean; source: 'builtin' | 'installed' },
): Provider {
  const { trusted } = options;
  const login = async (context: ProviderContext): Promise<LoginResult> => {
    const { response, server } = await exchange(
      recipe,
      'login',
      recipe.login,
      context,
      templateValues(recipe, context),
      trusted,
    );
    return tokenSetFrom(recipe.token, response, server);
  };
  const provider: Provider = { meta: recipeMeta(recipe, options.source), login };
  const { refresh, logout, test } = recipe;
  if (refresh !== undefined) {
    const needsRefreshToken = JSON.stringify(refresh).includes('refresh_token}}');
    provider.renew = async (context, current) => {
      if (needsRefreshToken && current.refreshToken === undefined) return login(context);
      // Early re-authentication with a token the server considers expired would be refused: log in plainly.
      if (refresh.only_while_valid === true && current.expiresAt <= context.now()) return login(context);
      const { response, server } = await exchange(
        recipe,
        'refresh',
        refresh,
        context,
        templateValues(recipe, context, current),
        trusted,
      );
      return tokenSetFrom(recipe.token, response, server, current.refreshToken);
    };
  }
  if (logout !== undefined) {
    provider.logout = async (context, current) => {
      await exchange(recipe, 'logout', logout, context, templateValues(recipe, context, current), trusted);
    };
  }
  if (test !== undefined) {
    provider.test = async (context) => {
      await exchange(recipe, 'test', test, context, templateValues(recipe, context), trusted);
    };
  }
  return provider;
}
