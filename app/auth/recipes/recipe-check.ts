import {
  LocatorSyntaxError,
  type Locator,
  parseHeaderName,
  parseJsonPointer,
  parseLocator,
  parseXmlPath,
} from './extract';
import type { Recipe, RecipeErrors, RecipeRequest } from './recipe-schema';
import { TemplateSyntaxError, builtinNames, parseTemplate, soleName, templateNames } from './template';

/** A problem found in a recipe: where (a path like login.body.json.user) and what. */
export interface RecipeProblem {
  path: (string | number)[];
  message: string;
}

type Section = 'login' | 'refresh' | 'logout' | 'test';

const maxJsonDepth = 8;

/** Which values each request may name: a login has no token yet, a refresh may use both. */
function namesFor(section: Section, options: readonly string[]): Set<string> {
  const base = ['username', 'password', 'client_id', ...options];
  if (section === 'login' || section === 'test') return new Set(base);
  return new Set([...base, 'token', 'refresh_token']);
}

/**
 * The checks a schema cannot say: templates name only known values, pointers and paths are
 * well-formed, the token is used in a way snippets can show. Problems, not exceptions.
 */
export function checkRecipe(recipe: Recipe): RecipeProblem[] {
  const problems: RecipeProblem[] = [];
  const options = (recipe.options ?? []).map((option) => option.key);
  const seen = new Set<string>();
  (recipe.options ?? []).forEach((option, index) => {
    if (seen.has(option.key) || (builtinNames as readonly string[]).includes(option.key))
      problems.push({ path: ['options', index, 'key'], message: `"${option.key}" is already a value name` });
    seen.add(option.key);
    if (option.choices !== undefined && option.default !== undefined && !option.choices.includes(option.default)) {
      problems.push({ path: ['options', index, 'default'], message: 'must be one of its choices' });
    }
  });
  checkRequest(recipe.login, ['login'], namesFor('login', options), problems);
  if (recipe.refresh !== undefined) checkRequest(recipe.refresh, ['refresh'], namesFor('refresh', options), problems);
  if (recipe.logout !== undefined) checkRequest(recipe.logout, ['logout'], namesFor('logout', options), problems);
  if (recipe.test !== undefined) checkRequest(recipe.test, ['test'], namesFor('test', options), problems);
  checkToken(recipe, problems);
  checkUse(recipe, problems);
  const messageNames = new Set(['username', ...options]);
  const errorSets: Array<[string[], RecipeErrors | undefined]> = [[['errors'], recipe.errors]];
  for (const section of ['login', 'refresh', 'logout', 'test'] as const)
    errorSets.push([[section, 'errors'], recipe[section]?.errors]);
  for (const [path, errors] of errorSets) {
    errors?.messages?.forEach((entry, index) => {
      attempt(problems, [...path, 'messages', index, 'message'], () => parseTemplate(entry.message, messageNames));
      if (entry.field !== undefined && !options.includes(entry.field)) {
        problems.push({
          path: [...path, 'messages', index, 'field'],
          message: `"${entry.field}" is not a declared option`,
        });
      }
    });
  }
  return problems;
}

function attempt(problems: RecipeProblem[], path: (string | number)[], check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (error instanceof TemplateSyntaxError || error instanceof LocatorSyntaxError)
      problems.push({ path, message: error.message });
    else throw error;
  }
}

function checkRequest(request: RecipeRequest, path: string[], names: Set<string>, problems: RecipeProblem[]): void {
  attempt(problems, [...path, 'path'], () => {
    const template = parseTemplate(request.path, names);
    const whole = soleName(template);
    if (whole !== undefined) {
      if (['password', 'token', 'refresh_token'].includes(whole))
        throw new TemplateSyntaxError(`{{${whole}}} cannot be a URL`);
      return;
    }
    if (!request.path.startsWith('/') && !/^https?:\/\/[^/{}]+(\/|$)/i.test(request.path)) {
      throw new TemplateSyntaxError(
        'must start with "/" (relative to the account URL), be an http(s) URL with a literal host, or be one ' +
          '{{option}}',
      );
    }
    if (templateNames(template).some((name) => ['password', 'token', 'refresh_token'].includes(name))) {
      throw new TemplateSyntaxError('a secret cannot go into a URL (it would end up in server logs)');
    }
  });
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    attempt(problems, [...path, 'headers', name], () => parseTemplate(value, names));
    if (request.auth === 'basic' && name.toLowerCase() === 'authorization') {
      problems.push({ path: [...path, 'headers', name], message: 'auth: basic already sets Authorization' });
    }
  }
  const body = request.body;
  if (body !== undefined && 'form' in body) {
    for (const [field, value] of Object.entries(body.form))
      attempt(problems, [...path, 'body', 'form', field], () => parseTemplate(value, names));
  } else if (body !== undefined) {
    checkJson(body.json, [...path, 'body', 'json'], names, problems, 0);
  }
  if (body !== undefined && request.method === 'GET')
    problems.push({ path: [...path, 'body'], message: 'a GET request cannot have a body' });
}

function checkJson(
  value: unknown,
  path: (string | number)[],
  names: Set<string>,
  problems: RecipeProblem[],
  depth: number,
): void {
  if (depth > maxJsonDepth) {
    problems.push({ path, message: `is nested deeper than ${maxJsonDepth} levels` });
    return;
  }
  if (typeof value === 'string') attempt(problems, path, () => parseTemplate(value, names));
  else if (Array.isArray(value))
    value.forEach((item, index) => checkJson(item, [...path, index], names, problems, depth + 1));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkJson(item, [...path, key], names, problems, depth + 1);
  } else if (value !== null && typeof value !== 'number' && typeof value !== 'boolean') {
    problems.push({ path, message: 'must be JSON (text, number, true/false, null, list or map)' });
  }
}

function checkToken(recipe: Recipe, problems: RecipeProblem[]): void {
  const { token } = recipe;
  attempt(problems, ['token', 'path'], () => {
    if (token.from === 'body') {
      if (token.path === '') throw new LocatorSyntaxError('must point into the body');
      parseJsonPointer(token.path);
    } else if (token.from === 'header') parseHeaderName(token.path);
    else parseXmlPath(token.path);
  });
  for (const key of ['expires_in', 'expires_at', 'refresh_token'] as const) {
    const locator = token[key];
    if (locator !== undefined) attempt(problems, ['token', key], () => secondaryLocator(token.from, locator));
  }
  if (token.expires_in !== undefined && token.expires_at !== undefined)
    problems.push({ path: ['token'], message: 'give expires_in or expires_at, not both' });
  if (token.expires_in === undefined && token.expires_at === undefined && token.lifetime === undefined) {
    problems.push({ path: ['token'], message: 'needs expires_in, expires_at or lifetime: how long the token lives' });
  }
  const refreshUsesRefreshToken =
    recipe.refresh !== undefined && JSON.stringify(recipe.refresh).includes('refresh_token}}');
  if (refreshUsesRefreshToken && token.refresh_token === undefined) {
    problems.push({
      path: ['token', 'refresh_token'],
      message: 'refresh uses {{refresh_token}}, so say where the answer has it',
    });
  }
}

/** expires_in, expires_at and refresh_token: a locator; with `from: xml` a bare a/b is an element path. */
export function secondaryLocator(from: 'body' | 'header' | 'xml', text: string): Locator {
  return parseLocator(from === 'xml' && !/^(\/|header:|xml:)/.test(text) ? `xml:${text}` : text);
}

function checkUse(recipe: Recipe, problems: RecipeProblem[]): void {
  const token = new Set(['token']);
  if ('header' in recipe.use) {
    const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}):\s*(.*)$/.exec(recipe.use.header);
    if (match === null) {
      problems.push({ path: ['use', 'header'], message: 'must look like "Name: value with {{token}}"' });
      return;
    }
    attempt(problems, ['use', 'header'], () => {
      const names = templateNames(parseTemplate(match[2] ?? '', token));
      if (names.length !== 1) throw new TemplateSyntaxError('must use {{token}} exactly once');
    });
  } else {
    const { username, password } = recipe.use.basic;
    if (username.replace(/\s/g, '') !== '{{token}}' || password !== '') {
      problems.push({
        path: ['use', 'basic'],
        message: 'supports the token as the user name with an empty password: { username: "{{token}}", password: "" }',
      });
    }
  }
}
