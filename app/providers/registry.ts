import { builtinRecipeTexts } from '../auth/recipes/builtin/index';
import { parseRecipe } from '../auth/recipes/recipe-parse';
import { recipeProvider } from '../auth/recipes/recipe-provider';
import { installedRecipe, installedRecipes } from '../auth/recipes/recipe-store';
import { WalletError } from '../errors';
import { oauth2GenericProvider, oidcProvider } from './oauth2-token';
import type { Provider, ProviderMeta } from './provider';
import { recipeHome } from './recipe-home';

/**
 * Built-in providers: the five seed APIs are recipes (app/auth/recipes/builtin); OAuth2 and OpenID
 * Connect stay code because issuer discovery, grant choice and RFC 7009 revocation are logic, not
 * one request shape. Installed recipes (providers/<name>.yaml in the wallet home) come after them.
 */
const codeProviders: Readonly<Record<string, Provider>> = { oidc: oidcProvider, oauth2: oauth2GenericProvider };
const builtinKinds = [...Object.keys(builtinRecipeTexts), ...Object.keys(codeProviders)];
const builtinProviders = new Map<string, Provider>();
const installed = new Map<string, { recipe: unknown; provider: Provider }>();

/** Built-in recipes are parsed on first use, one by one: a CLI call needs only its account's. */
export function builtinProvider(kind: string): Provider | undefined {
  const known = builtinProviders.get(kind);
  if (known !== undefined) return known;
  const text = Object.hasOwn(builtinRecipeTexts, kind) ? builtinRecipeTexts[kind] : undefined;
  const provider =
    text === undefined
      ? Object.hasOwn(codeProviders, kind)
        ? codeProviders[kind]
        : undefined
      : recipeProvider(parseRecipe(text, `builtin/${kind}.yaml`), { trusted: true, source: 'builtin' });
  if (provider !== undefined) builtinProviders.set(kind, provider);
  return provider;
}

export { useRecipeHome } from './recipe-home';

function installedProvider(home: string, kind: string): Provider | undefined {
  const entry = installedRecipe(home, kind);
  if (entry === undefined) return undefined;
  if ('error' in entry) throw entry.error;
  const key = `${home}\u0000${kind}`;
  const known = installed.get(key);
  if (known?.recipe === entry.recipe) return known.provider;
  const provider = recipeProvider(entry.recipe, { trusted: false, source: 'installed' });
  installed.set(key, { recipe: entry.recipe, provider });
  return provider;
}

export function providerFor(kind: string, home: string | undefined = recipeHome()): Provider {
  const provider = builtinProvider(kind) ?? (home === undefined ? undefined : installedProvider(home, kind));
  if (provider === undefined) {
    throw new WalletError(
      'usage',
      `unknown provider "${kind}"; choose one of ${providerCatalog(home)
        .map((meta) => meta.kind)
        .join(', ')}`,
      { field: 'provider' },
    );
  }
  return provider;
}

/** Metadata of every provider (built-in, then installed recipes that load), for forms, help texts and snippets. */
export function providerCatalog(home: string | undefined = recipeHome()): ProviderMeta[] {
  const metas = builtinKinds.flatMap((kind) => builtinProvider(kind)?.meta ?? []);
  if (home === undefined) return metas;
  for (const entry of installedRecipes(home)) {
    if ('recipe' in entry) metas.push(recipeProvider(entry.recipe, { trusted: false, source: 'installed' }).meta);
  }
  return metas;
}
