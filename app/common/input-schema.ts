import * as v from 'valibot';
import { optionKeyPattern } from './model-schema';

/**
 * What a user gives to add or edit an account (CLI flags, dashboard form, agent, IPC, WebSocket),
 * as it crosses a boundary: shapes and sizes only, each failure one line naming the field. What the
 * values mean (provider, URL, grant, CA file) is validateAccountInput's call (app/account-input.ts).
 */

/** The longest text any request field may carry. */
export const maxText = 4096;

/** Text of at most maxText characters; `what` names the field in the message. */
export const text = (what: string) =>
  v.pipe(v.string(`${what} must be text`), v.maxLength(maxText, `${what} is too long`));

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A JSON object whose keys all pass `allowed`; the first other key is named, before any value is looked at. */
export function closedObject(what: string, allowed: (key: string) => boolean) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, `${what} must be an object`),
    v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const unknown = Object.keys(dataset.value).find((key) => !allowed(key));
      if (unknown !== undefined) addIssue({ message: `${what} has an unknown field "${unknown}"` });
    }),
  );
}

/** Drops fields given as undefined (possible over IPC's structured clone): absent and undefined mean the same. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

const inSet =
  (keys: readonly string[]) =>
  (key: string): boolean =>
    keys.includes(key);

/** Option values: text, keyed by option keys (built-in and recipe-declared; the provider's are checked later). */
const OptionsInputSchema = v.pipe(
  closedObject('options', (key) => optionKeyPattern.test(key)),
  v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const [key, value] of Object.entries(dataset.value)) {
      if (value === undefined) continue;
      if (typeof value !== 'string') return addIssue({ message: `${key} must be text` });
      if (value.length > maxText) return addIssue({ message: `${key} is too long` });
    }
  }),
  v.transform((options) => options as Record<string, string | undefined>),
);

const policyEntries = {
  onDemandOnly: v.optional(v.boolean('onDemandOnly must be true or false')),
  logoutOnQuit: v.optional(v.boolean('logoutOnQuit must be true or false')),
  renewAtFraction: v.optional(v.number('renewAtFraction must be a number')),
};
const PolicyInputSchema = v.pipe(closedObject('policy', inSet(Object.keys(policyEntries))), v.object(policyEntries));

const originsMessage = 'allowOrigins must be a list of up to 10 origins';

const accountInputEntries = {
  name: v.optional(text('name')),
  provider: v.optional(text('provider')),
  url: v.optional(text('url')),
  username: v.optional(text('username')),
  caFile: v.optional(text('caFile')),
  allowHttp: v.optional(v.boolean('allowHttp must be true or false')),
  allowOrigins: v.optional(
    v.pipe(v.array(v.unknown(), originsMessage), v.maxLength(10, originsMessage), v.array(text('allowOrigins entry'))),
  ),
  options: v.optional(OptionsInputSchema),
  policy: v.optional(PolicyInputSchema),
};
const isInputKey = inSet(Object.keys(accountInputEntries));

/** An edit: any of the fields. */
export const PartialAccountInputSchema = v.pipe(
  closedObject('account', isInputKey),
  v.object(accountInputEntries),
  v.transform(definedOnly),
);
export type PartialAccountInput = v.InferOutput<typeof PartialAccountInputSchema>;

/** What a user gives to add an account: name, provider and URL at least. No password here. */
export type AccountInput = PartialAccountInput & Required<Pick<PartialAccountInput, 'name' | 'provider' | 'url'>>;

const present = (key: 'name' | 'provider' | 'url') =>
  v.check((input: PartialAccountInput) => input[key] !== undefined, `account ${key} is missing`);

export const AccountInputSchema = v.pipe(
  PartialAccountInputSchema,
  present('name'),
  present('provider'),
  present('url'),
  v.transform((input) => input as AccountInput),
);
