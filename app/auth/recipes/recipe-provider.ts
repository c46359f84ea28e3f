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
  // Filled in place (no spread of a second object): this runs on every renewal.
  const values: Record<string, string | undefined> = {};
  for (const option of recipe.options ?? []) values[option.key] = account.options[option.key] ?? option.default;
  values.username = account.username;
  values.password = context.password;
  values.client_id = account.options.clientId ?? values.clientId;
  values.token = current?.accessToken;
  values.refresh_token = current?.refreshToken;
  return values;
}

/** How many token locators were parsed in this process: renewals must reuse a recipe's (see locatorsOf). */
export const locatorStats = { parses: 0 };

interface TokenLocators {
  token: Locator;
  expiresAt?: Locator;
  expiresIn?: Locator;
  refreshToken?: Locator;
}

const locatorsBy = new WeakMap<RecipeToken, TokenLocators>();

/** A recipe's token locators (checked when it was loaded), parsed on first use and kept with it. */
function locatorsOf(token: RecipeToken): TokenLocators {
  let locators = locatorsBy.get(token);
  if (locators !== undefined) return locators;
  locatorStats.parses += 1;
  locators = {
    token:
      token.from === 'header'
        ? { source: 'header', name: parseHeaderName(token.path) }
        : token.from === 'xml'
          ? { source: 'xml', path: parseXmlPath(token.path) }
          : { source: 'body', pointer: parseJsonPointer(token.path) },
  };
  if (token.expires_at !== undefined) locators.expiresAt = secondaryLocator(token.from, token.expires_at);
  if (token.expires_in !== undefined) locators.expiresIn = secondaryLocator(token.from, token.expires_in);
  if (token.refresh_token !== undefined) locators.refreshToken = secondaryLocator(token.from, token.refresh_token);
  locatorsBy.set(token, locators);
  return locators;
}

/** The token set in an answer, with its expiry on our clock. */
/** The latest instant a Date can represent (year 275760): beyond it times stop being numbers we can compare. */
const maxExpiryMs = 8.64e15;
const maxLifetimeMs = 10 * 365 * 86_400_000;

export function tokenSetFrom(
  token: RecipeToken,
  response: HttpResponse,
  server: string,
  keepRefresh?: string,
): LoginResult {
  const reader = new AnswerReader(response, server);
  const locators = locatorsOf(token);
  const locator = locators.token;
  const accessToken = reader.value(locator);
  if (typeof accessToken !== 'string' || accessToken.trim() === '')
    throw new WalletError('unexpected', `answered without ${locatorLabel(locator)}`, { server });
  let expiresAt: number | undefined;
  if (locators.expiresAt !== undefined) {
    const at = locators.expiresAt;
    const serverMs = absoluteTime(reader.value(at));
    if (serverMs !== undefined) expiresAt = serverToLocal(serverMs, response);
    else if (token.lifetime === undefined)
      throw new WalletError('unexpected', `answered without a valid ${locatorLabel(at)}`, { server });
  } else if (locators.expiresIn !== undefined) {
    const at = locators.expiresIn;
    const seconds = relativeSeconds(reader.value(at));
    if (seconds !== undefined) expiresAt = response.receivedAt + seconds * 1000;
    else if (token.lifetime === undefined)
      throw new WalletError('unexpected', `answered without a valid ${locatorLabel(at)}`, { server });
  }
  expiresAt ??= response.receivedAt + (token.lifetime ?? 0) * 1000;
  if (expiresAt <= response.receivedAt)
    throw new WalletError('unexpected', 'issued a token that had already expired (check both clocks)', { server });
  // Gone before anyone could use it: taking it would hand out dead tokens and renew in a loop.
  if (expiresAt - response.receivedAt < 1000)
    throw new WalletError('unexpected', 'issued a token valid for under a second; refused', { server });
  // A lifetime past what a Date can hold (1e308 seconds, say) is a broken or hostile answer, not a token for ever.
  if (!Number.isFinite(expiresAt) || expiresAt > maxExpiryMs)
    throw new WalletError('unexpected', 'answered with an expiry out of range', { server });
  // Anything longer is capped at ten years, as the OAuth2 providers do (SECURITY.md).
  expiresAt = Math.min(expiresAt, response.receivedAt + maxLifetimeMs);
  let refreshToken = keepRefresh;
  if (locators.refreshToken !== undefined) {
    const found = reader.value(locators.refreshToken);
    // Stored and sent back like the access token: held to the same rule.
    if (typeof found === 'string' && found !== '')
      refreshToken = checkToken(found, server, locatorLabel(locators.refreshToken));
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
