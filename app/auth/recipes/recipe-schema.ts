import * as v from 'valibot';
import { optionKeyPattern, providerIdPattern } from '../../common/model-schema';

/**
 * The recipe format (docs/recipes.md): one login request, where the token is in the answer, how
 * long it lives, optional refresh/logout/test requests, and how requests carry the token. Pure
 * data: templates name values ({{username}}), nothing is evaluated. docs/recipe.schema.json is
 * generated from these schemas.
 */

const text = (max: number) =>
  v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));
const status = v.pipe(
  v.number(),
  v.integer('must be a whole number'),
  v.minValue(100, 'must be an HTTP status (100-599)'),
  v.maxValue(599, 'must be an HTTP status (100-599)'),
);
const statuses = v.pipe(
  v.array(status),
  v.minLength(1, 'must list at least one status'),
  v.maxLength(20, 'must list at most 20 statuses'),
);
const seconds = v.pipe(
  v.number(),
  v.integer('must be a whole number of seconds'),
  v.minValue(1, 'must be at least 1 second'),
  v.maxValue(31_536_000, 'must be at most a year'),
);

const headerNamePattern = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

const headerName = v.pipe(v.string(), v.regex(headerNamePattern, 'must be an HTTP header name'));
const headers = v.pipe(
  v.record(headerName, text(2048)),
  v.check((value) => Object.keys(value).length <= 20, 'must have at most 20 headers'),
);

export const ErrorMessageSchema = v.strictObject({
  status,
  /** Case-insensitive text that the server's error, error_description or message field must contain. */
  match: v.optional(text(200)),
  /** What the user reads; may name declared account options ({{apiVersion}}), never a secret. */
  message: text(300),
  kind: v.optional(v.picklist(['credentials', 'unexpected'])),
  /** The account field the problem concerns (for the dashboard's form). */
  field: v.optional(v.pipe(v.string(), v.regex(optionKeyPattern, 'must be an option key'))),
});

export const ErrorsSchema = v.strictObject({
  /** Statuses that mean the credentials (or refresh token) were refused. Default [401, 403]. */
  rejected: v.optional(statuses),
  /** Statuses that mean "rate limited"; Retry-After and X-RateLimit-Reset are obeyed. Default [429]. */
  rate_limited: v.optional(statuses),
  /** Specific messages, first match wins. */
  messages: v.optional(v.pipe(v.array(ErrorMessageSchema), v.maxLength(20, 'must have at most 20 entries'))),
});

export const BodySchema = v.union([
  v.strictObject({ json: v.record(v.string(), v.unknown()) }),
  v.strictObject({
    form: v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(200)), v.pipe(v.string(), v.maxLength(2048))),
  }),
]);

export const RequestSchema = v.strictObject({
  method: v.optional(v.picklist(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']), 'POST'),
  /** "/path" relative to the account URL, an absolute URL template, or "{{option}}" holding a URL. */
  path: text(2048),
  auth: v.optional(v.picklist(['basic', 'none']), 'none'),
  headers: v.optional(headers),
  body: v.optional(BodySchema),
  /** Statuses that count as success. Default: any 2xx. */
  ok: v.optional(statuses),
  /** Overrides of the recipe's errors for this request. */
  errors: v.optional(ErrorsSchema),
});

export const RefreshSchema = v.strictObject({
  ...RequestSchema.entries,
  /** Only while the current token is unexpired (early re-authentication); else log in. */
  only_while_valid: v.optional(v.boolean()),
});

/** Where a value is in the answer: "/json/pointer", "header:Name" or "xml:a/b/c". */
const locator = text(300);

export const TokenSchema = v.strictObject({
  from: v.optional(v.picklist(['body', 'header', 'xml']), 'body'),
  /** JSON pointer (body), header name (header) or element path a/b/c (xml). */
  path: text(300),
  expires_in: v.optional(locator),
  expires_at: v.optional(locator),
  /** Fixed lifetime in seconds, or the fallback when the answer lacks expires_in/expires_at. */
  lifetime: v.optional(seconds),
  refresh_token: v.optional(locator),
});

export const UseSchema = v.union([
  v.strictObject({ header: text(300) }),
  v.strictObject({
    basic: v.strictObject({
      username: v.pipe(v.string(), v.maxLength(300)),
      password: v.pipe(v.string(), v.maxLength(300)),
    }),
  }),
]);

export const OptionSchema = v.strictObject({
  key: v.pipe(v.string(), v.regex(optionKeyPattern, 'must be a camelCase name of letters and digits')),
  label: text(80),
  help: v.optional(text(200)),
  default: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  required: v.optional(v.boolean()),
  choices: v.optional(v.pipe(v.array(text(100)), v.minLength(1), v.maxLength(20))),
});

export const RecipeSchema = v.strictObject({
  name: v.pipe(
    v.string(),
    v.regex(providerIdPattern, 'must be lower-case letters, digits and dashes, starting with a letter (at most 40)'),
  ),
  title: text(80),
  description: v.optional(text(300)),
  /** Example base URL for the form's placeholder. */
  url_example: v.optional(text(300)),
  /** Path the curl/HTTPie snippets call when the user gives none; may name options as {option}. */
  default_path: v.optional(text(300)),
  username: v.optional(v.picklist(['required', 'optional'])),
  options: v.optional(v.pipe(v.array(OptionSchema), v.maxLength(10, 'must have at most 10 options'))),
  login: RequestSchema,
  token: TokenSchema,
  refresh: v.optional(RefreshSchema),
  logout: v.optional(RequestSchema),
  use: UseSchema,
  test: v.optional(RequestSchema),
  errors: v.optional(ErrorsSchema),
});

export type Recipe = v.InferOutput<typeof RecipeSchema>;
export type RecipeRequest = v.InferOutput<typeof RequestSchema>;
export type RecipeToken = v.InferOutput<typeof TokenSchema>;
export type RecipeErrors = v.InferOutput<typeof ErrorsSchema>;
