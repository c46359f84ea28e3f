import * as v from 'valibot';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { WalletError } from '../../errors';
import { checkRecipe, type RecipeProblem } from './recipe-check';
import { RecipeSchema, type Recipe } from './recipe-schema';

/** A recipe is untrusted input: capped in size, aliases and problems reported. */
export const maxRecipeBytes = 64 * 1024;
const maxAliases = 20;
const maxProblems = 20;

/** A recipe that cannot be used: one line per problem, each with its place in the file. */
export class RecipeError extends WalletError {
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    const shown = problems.slice(0, maxProblems);
    const more = problems.length > shown.length ? [`${file}: … and ${problems.length - shown.length} more`] : [];
    super('usage', [...shown, ...more].join('\n'), { field: 'recipe' });
    this.name = 'RecipeError';
    this.problems = [...shown, ...more];
  }
}

function pathText(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(top)';
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${segment}`))
    .join('');
}

/** "file:line: path: message" (the line when the YAML node can be found). */
function describe(file: string, document: Document, lines: LineCounter, problem: RecipeProblem): string {
  let where = file;
  try {
    const node = document.getIn(problem.path, true) as { range?: [number, number, number] } | undefined;
    const parent =
      problem.path.length > 0
        ? (document.getIn(problem.path.slice(0, -1), true) as { range?: [number, number, number] } | undefined)
        : undefined;
    const offset = node?.range?.[0] ?? parent?.range?.[0];
    if (offset !== undefined) where = `${file}:${lines.linePos(offset).line}`;
  } catch {
    // A path the document cannot follow: report without a line.
  }
  return `${where}: ${pathText(problem.path)}: ${problem.message.replace(/\s+/g, ' ')}`;
}

function schemaProblems(issues: readonly v.BaseIssue<unknown>[]): RecipeProblem[] {
  return issues.map((issue) => {
    const path = (issue.path ?? []).map((item) => item.key as string | number);
    if (issue.kind === 'schema' && issue.type === 'strict_object' && issue.expected === 'never') {
      return { path, message: 'is not a field of this section' };
    }
    if (issue.kind === 'schema' && issue.received === 'undefined') return { path, message: 'is missing' };
    if (issue.type === 'union') return { path, message: unionMessage(path) };
    return { path, message: issue.message };
  });
}

function unionMessage(path: readonly (string | number)[]): string {
  const last = path.at(-1);
  if (last === 'body') return 'must be { json: {...} } or { form: {...} }';
  if (last === 'use')
    return 'must be { header: "Name: … {{token}}" } or { basic: { username: "{{token}}", password: "" } }';
  return 'has the wrong shape';
}

/** Parses and checks a recipe (YAML or JSON). Throws only RecipeError. */
export function parseRecipe(text: string, file = 'recipe'): Recipe {
  if (typeof text !== 'string') throw new RecipeError(file, [`${file}: is not text`]);
  if (Buffer.byteLength(text, 'utf8') > maxRecipeBytes)
    throw new RecipeError(file, [`${file}: is larger than ${maxRecipeBytes / 1024} KiB`]);
  const lines = new LineCounter();
  let document: Document;
  let data: unknown;
  try {
    // YAML 1.2 core schema (JSON is a subset): no custom tags, no merge keys, unique keys, few aliases.
    document = parseDocument(text, {
      version: '1.2',
      schema: 'core',
      customTags: [],
      merge: false,
      uniqueKeys: true,
      lineCounter: lines,
      prettyErrors: false,
      strict: true,
    });
    const syntax = [...document.errors, ...document.warnings];
    if (syntax.length > 0) {
      throw new RecipeError(
        file,
        syntax.map(
          (error) => `${file}:${lines.linePos(error.pos[0]).line}: ${error.message.split('\n')[0] ?? 'invalid YAML'}`,
        ),
      );
    }
    data = document.toJS({ maxAliasCount: maxAliases });
  } catch (error) {
    if (error instanceof RecipeError) throw error;
    throw new RecipeError(file, [
      `${file}: not valid YAML or JSON (${String((error as Error).message ?? error)
        .split('\n')[0]
        ?.slice(0, 120)})`,
    ]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new RecipeError(file, [`${file}: must be a map of fields (name, title, login, token, use, …)`]);
  const result = v.safeParse(RecipeSchema, data);
  if (!result.success)
    throw new RecipeError(
      file,
      schemaProblems(result.issues).map((problem) => describe(file, document, lines, problem)),
    );
  const problems = checkRecipe(result.output);
  if (problems.length > 0)
    throw new RecipeError(
      file,
      problems.map((problem) => describe(file, document, lines, problem)),
    );
  return result.output;
}
