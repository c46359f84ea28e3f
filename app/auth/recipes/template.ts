import { WalletError } from '../../errors';

/**
 * Templates name values ({{username}}) and nothing else: no expressions, no filters, no code. A
 * value is encoded for the place it lands in, so it can never break out of it.
 */
export type TemplatePart = { text: string } | { name: string };
export type Template = readonly TemplatePart[];

/** Where a rendered template goes; decides the encoding of every value. */
export type Place = 'json' | 'form' | 'path' | 'header' | 'url' | 'message';

/** The values a template may name. Options declared by the recipe are added per recipe. */
export const secretNames: ReadonlySet<string> = new Set(['password', 'token', 'refresh_token']);
export const builtinNames = ['username', 'password', 'token', 'refresh_token', 'client_id'] as const;

export type TemplateValues = Readonly<Record<string, string | undefined>>;

/** A problem in the recipe text itself, reported with its place in the file. */
export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** How many templates were parsed in this process: renewals must reuse a recipe's (see parsedIn). */
export const templateStats = { parses: 0 };

/** Splits a template into text and names; every name must be in `allowed`. */
export function parseTemplate(source: string, allowed: ReadonlySet<string>): Template {
  templateStats.parses += 1;
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of source.matchAll(placeholder)) {
    const index = match.index ?? 0;
    const name = match[1] ?? '';
    pushText(parts, source.slice(last, index));
    if (!allowed.has(name)) {
      throw new TemplateSyntaxError(
        `{{${name}}} is not a value this place can use (${
          [...allowed]
            .sort()
            .map((n) => `{{${n}}}`)
            .join(', ') || 'none'
        })`,
      );
    }
    parts.push({ name });
    last = index + match[0].length;
  }
  pushText(parts, source.slice(last));
  return parts;
}

function pushText(parts: TemplatePart[], text: string): void {
  if (text === '') return;
  if (text.includes('{{') || text.includes('}}')) {
    throw new TemplateSyntaxError(`"${text.slice(0, 40)}" has a stray "{{" or "}}"; write values as {{name}}`);
  }
  parts.push({ text });
}

const parsedBy = new WeakMap<object, Map<string, Template>>();

/**
 * A template of a recipe's request (which `recipe-check` has already checked), parsed on first use
 * and kept with that request: an agent renews the same few recipes thousands of times. Kept per
 * request object, so an edited recipe (a new object) starts afresh and the old one's go with it.
 */
export function parsedIn(owner: object, source: string, allowed: ReadonlySet<string>): Template {
  let templates = parsedBy.get(owner);
  if (templates === undefined) parsedBy.set(owner, (templates = new Map()));
  let template = templates.get(source);
  if (template === undefined) templates.set(source, (template = parseTemplate(source, allowed)));
  return template;
}

export function templateNames(template: Template): string[] {
  return template.flatMap((part) => ('name' in part ? [part.name] : []));
}

function encode(value: string, name: string, place: Place): string {
  switch (place) {
    case 'path':
      return encodeURIComponent(value);
    case 'header':
      // A line break would start a new header (or a body): refuse rather than send something else.
      if (/[\r\n\0]/.test(value))
        throw new WalletError(
          'usage',
          `{{${name}}} contains a line break or NUL, which cannot go into an HTTP header`,
          { field: name },
        );
      return value;
    case 'url':
      throw new WalletError('internal', 'url values are rendered by renderUrl');
    case 'json':
    case 'form':
    case 'message':
      // JSON strings and form fields are encoded as a whole by JSON.stringify / URLSearchParams.
      return value;
  }
}

/** Renders a template for a place. Errors name the value, never its content. */
export function renderTemplate(template: Template, values: TemplateValues, place: Place): string {
  let result = '';
  for (const part of template) {
    if ('text' in part) {
      result += part.text;
      continue;
    }
    const value = values[part.name];
    if (value === undefined)
      throw new WalletError('usage', `{{${part.name}}} has no value for this account`, { field: part.name });
    if (place === 'message' && secretNames.has(part.name))
      throw new WalletError('internal', `{{${part.name}}} cannot appear in a message`);
    result += encode(value, part.name, place);
  }
  return result;
}

/** A template that is exactly one name: its value is used whole (e.g. a URL option). */
export function soleName(template: Template): string | undefined {
  const only = template.length === 1 ? template[0] : undefined;
  return only !== undefined && 'name' in only ? only.name : undefined;
}
