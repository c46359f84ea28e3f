import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { maxRecipeBytes } from '../../auth/recipes/recipe-parse';
import { installRecipe, recipeText, removeRecipe } from '../../auth/recipes/recipe-store';
import { tryRecipe } from '../../auth/recipes/recipe-trial';
import { builtinRecipeTexts } from '../../auth/recipes/builtin/index';
import { WalletError, usageError } from '../../errors';
import type { AccountOptions } from '../../model';
import { parse } from '../cli';
import type { CommandContext } from '../command';
import { providerOptions as options } from './provider-commands';
import { promptPassword, readPasswordFromStdin } from '../password-input';

const usage = 'providers [add FILE [--replace] | remove NAME | show NAME | test FILE --url URL --username U [options]]';

async function readRecipeFile(file: string): Promise<string> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (content.length > maxRecipeBytes) throw usageError(`${file} is larger than ${maxRecipeBytes / 1024} KiB`);
  return content.toString('utf8');
}

function line(context: CommandContext, text: string): void {
  context.io.stdout.write(`${text}\n`);
}

async function list(context: CommandContext): Promise<number> {
  const connection = await context.connect();
  try {
    for (const meta of await connection.api.providers()) {
      const flags = meta.fields.map((field) => `${field.cliFlag}${field.required ? ' (required)' : ''}`).join(' ');
      const source = meta.source === 'installed' ? ' [recipe]' : '';
      line(
        context,
        `${meta.kind.padEnd(11)} ${meta.label}${source}: ${meta.description}${flags === '' ? '' : `; ${flags}`}`,
      );
    }
  } finally {
    await connection.close();
  }
  return 0;
}

async function remove(name: string, context: CommandContext): Promise<number> {
  const connection = await context.connect();
  try {
    const users = (await connection.api.list())
      .filter((account) => account.provider === name)
      .map((account) => account.name);
    if (users.length > 0)
      throw usageError(`recipe "${name}" is used by ${users.join(', ')}; remove those accounts first`);
  } finally {
    await connection.close();
  }
  await removeRecipe(context.home, name);
  line(context, `removed recipe ${name}`);
  return 0;
}

function trialOptions(values: Record<string, unknown>): AccountOptions {
  const result: AccountOptions = {};
  const flags: Record<string, string> = {
    'api-version': 'apiVersion',
    'token-url': 'tokenUrl',
    'client-id': 'clientId',
    scope: 'scope',
  };
  for (const [flag, key] of Object.entries(flags)) if (typeof values[flag] === 'string') result[key] = values[flag];
  for (const pair of (values.option as string[] | undefined) ?? []) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw usageError(`--option takes KEY=VALUE (got "${pair}")`);
    result[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return result;
}

async function trial(file: string, values: Record<string, unknown>, context: CommandContext): Promise<number> {
  if (typeof values.url !== 'string') throw usageError('providers test needs --url');
  const text = await readRecipeFile(file);
  const username = typeof values.username === 'string' ? values.username : '';
  const password =
    values['password-stdin'] === true
      ? await readPasswordFromStdin(context.io.stdin)
      : await promptPassword(
          `Password for ${username || 'the account'}@${values.url}: `,
          context.io.stdin,
          context.io.stderr as NodeJS.WriteStream,
        );
  const lines = await tryRecipe({
    file: path.basename(file),
    text,
    account: {
      url: values.url,
      username,
      options: trialOptions(values),
      ...(typeof values['ca-file'] === 'string' ? { caFile: path.resolve(values['ca-file']) } : {}),
      allowHttp: values['allow-http'] === true,
      ...(Array.isArray(values['allow-origin']) ? { allowOrigins: values['allow-origin'] as string[] } : {}),
    },
    password,
    now: context.io.now,
  });
  for (const text of lines) line(context, text);
  line(context, `recipe ${path.basename(file)} works; install it with: token-wallet providers add ${file}`);
  return 0;
}

export async function runProviders(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, options, 2, 'providers');
  const [action, target] = positionals;
  if (action === undefined) return list(context);
  const needTarget = (what: string): string => {
    if (target === undefined || target === '')
      throw usageError(`providers ${action} needs ${what}; usage: token-wallet ${usage}`);
    return target;
  };
  switch (action) {
    case 'add': {
      const file = needTarget('a recipe file');
      const recipe = await installRecipe(context.home, await readRecipeFile(file), path.basename(file), {
        replace: values.replace === true,
      });
      line(
        context,
        `added provider ${recipe.name} (${recipe.title}); use it with: token-wallet add NAME --provider ` +
          `${recipe.name} --url URL --username U`,
      );
      return 0;
    }
    case 'remove':
      return remove(needTarget('a recipe name'), context);
    case 'show': {
      const name = needTarget('a provider name');
      if (name === 'oauth2' || name === 'oidc')
        throw usageError(`${name} is built into the app as code (discovery, grants, revocation), not a recipe`);
      const text =
        (Object.hasOwn(builtinRecipeTexts, name) ? builtinRecipeTexts[name]?.trimStart() : undefined) ??
        recipeText(context.home, name);
      context.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return 0;
    }
    case 'test':
      return trial(needTarget('a recipe file'), values, context);
    default:
      throw new WalletError('usage', `unknown providers action "${action}"; usage: token-wallet ${usage}`);
  }
}
