import { cliFlagFor, type ProviderMeta } from '../../providers/provider-meta';
import type { Recipe } from './recipe-schema';

/** The snippets' view of `use`: Bearer, the token as Basic user name, or a header of its own. */
function usageOf(recipe: Recipe): Pick<ProviderMeta, 'usage' | 'tokenHeader'> {
  if ('basic' in recipe.use) return { usage: 'basic-username' };
  const colon = recipe.use.header.indexOf(':');
  const name = recipe.use.header.slice(0, colon).trim();
  const value = recipe.use.header.slice(colon + 1).trim();
  const at = value.search(/\{\{\s*token\s*\}\}/);
  const prefix = value.slice(0, at);
  const suffix = value.slice(at).replace(/^\{\{\s*token\s*\}\}/, '');
  if (name.toLowerCase() === 'authorization' && /^bearer $/i.test(prefix) && suffix === '') return { usage: 'bearer' };
  return { usage: 'header', tokenHeader: { name, prefix, suffix } };
}

function renewalOf(recipe: Recipe): ProviderMeta['renewal'] {
  if (recipe.refresh === undefined) return 'login';
  return JSON.stringify(recipe.refresh).includes('refresh_token}}') ? 'refresh' : 'reauthenticate';
}

export function recipeMeta(recipe: Recipe, source: 'builtin' | 'installed'): ProviderMeta {
  return {
    kind: recipe.name,
    label: recipe.title,
    description: recipe.description ?? `${recipe.title} (recipe)`,
    ...usageOf(recipe),
    urlExample: recipe.url_example ?? 'https://api.example.com',
    defaultPath: recipe.default_path ?? '/',
    fields: (recipe.options ?? []).map((option) => ({
      key: option.key,
      label: option.label,
      cliFlag: cliFlagFor(option.key),
      required: option.required === true && option.default === undefined,
      ...(option.default === undefined ? {} : { defaultValue: option.default }),
      ...(option.choices === undefined ? {} : { choices: option.choices }),
      help: option.help ?? option.label,
    })),
    renewal: renewalOf(recipe),
    hasLogout: recipe.logout !== undefined,
    ...(recipe.username === 'optional' ? { usernameOptional: true } : {}),
    source,
  };
}
