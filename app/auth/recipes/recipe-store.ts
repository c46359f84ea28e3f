import { readdirSync, readFileSync, statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { providerIdPattern } from '../../common/model-schema';
import { WalletError } from '../../errors';
import { providerKinds } from '../../model';
import { ensurePrivateDir, writeFileAtomic } from '../../store/files';
import { RecipeError, parseRecipe } from './recipe-parse';
import type { Recipe } from './recipe-schema';

/**
 * Installed recipes live in the wallet home as providers/<name>.yaml, the text the user gave (after
 * it passed every check). Reads are synchronous and cached by file mtime, because the registry is
 * asked on every renewal and a running agent must see a recipe installed by another process.
 */
export type InstalledRecipe =
  { name: string; file: string; recipe: Recipe } | { name: string; file: string; error: WalletError };

export function recipesDir(home: string): string {
  return path.join(home, 'providers');
}

const cache = new Map<string, { mtimeMs: number; size: number; entry: InstalledRecipe }>();

function load(file: string, name: string): InstalledRecipe {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return { name, file, error: new WalletError('usage', `no recipe named "${name}"`) };
  }
  const cached = cache.get(file);
  if (cached !== undefined && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.entry;
  let entry: InstalledRecipe;
  try {
    const recipe = parseRecipe(readFileSync(file, 'utf8'), path.basename(file));
    entry =
      recipe.name === name
        ? { name, file, recipe }
        : {
            name,
            file,
            error: new WalletError('config', `${file} names itself "${recipe.name}"; rename the file or the recipe`),
          };
  } catch (error) {
    const reason = error instanceof RecipeError ? (error.problems[0] ?? 'invalid') : 'unreadable';
    entry = { name, file, error: new WalletError('config', `installed recipe ${file} is broken: ${reason}`) };
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, entry });
  return entry;
}

export function installedRecipe(home: string, name: string): InstalledRecipe | undefined {
  if (!providerIdPattern.test(name)) return undefined;
  const file = path.join(recipesDir(home), `${name}.yaml`);
  const entry = load(file, name);
  return 'error' in entry && entry.error.kind === 'usage' ? undefined : entry;
}

export function installedRecipes(home: string): InstalledRecipe[] {
  let names: string[];
  try {
    names = readdirSync(recipesDir(home))
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => file.slice(0, -'.yaml'.length))
      .filter((name) => providerIdPattern.test(name));
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => installedRecipe(home, name) ?? []);
}

/** Checks a recipe and stores it; a built-in provider's name cannot be taken. */
export async function installRecipe(
  home: string,
  text: string,
  file: string,
  options: { replace?: boolean } = {},
): Promise<Recipe> {
  const recipe = parseRecipe(text, file);
  if ((providerKinds as readonly string[]).includes(recipe.name)) {
    throw new WalletError('usage', `"${recipe.name}" is a built-in provider; give the recipe another name`, {
      field: 'name',
    });
  }
  const target = path.join(recipesDir(home), `${recipe.name}.yaml`);
  if (options.replace !== true && installedRecipe(home, recipe.name) !== undefined) {
    throw new WalletError(
      'usage',
      `a recipe named "${recipe.name}" is already installed; remove it first or pass --replace`,
      { field: 'name' },
    );
  }
  await ensurePrivateDir(recipesDir(home));
  await writeFileAtomic(target, text.endsWith('\n') ? text : `${text}\n`);
  return recipe;
}

export async function removeRecipe(home: string, name: string): Promise<void> {
  const entry = installedRecipe(home, name);
  if (entry === undefined)
    throw new WalletError('usage', `no installed recipe named "${name}"; see token-wallet providers`);
  await unlink(entry.file);
  cache.delete(entry.file);
}

export function recipeText(home: string, name: string): string {
  const entry = installedRecipe(home, name);
  if (entry === undefined)
    throw new WalletError('usage', `no installed recipe named "${name}"; see token-wallet providers`);
  return readFileSync(entry.file, 'utf8');
}
