import * as v from 'valibot';
import { AccountInputSchema, closedObject, definedOnly, PartialAccountInputSchema, text } from './common/input-schema';
import type { WalletApi, WalletMethod } from './contract';
import { snippetKinds } from './snippets';
import { copyKinds, type UiApi, type UiMethod } from './ui-contract';

/**
 * The parameters of every request that crosses a process boundary (agent socket, Electron IPC,
 * dashboard WebSocket), one schema per method, each typed against the contract it carries
 * (WalletApi, UiApi): a schema and its method cannot drift apart without a compile error.
 * Checked left to right; the first failure is the one line the caller reads.
 */

const maxMinValidMs = 366 * 86_400_000;

/** An account name as a request names it (whether it exists is the wallet's call). */
export const NameSchema = v.pipe(
  v.string('account name must be text'),
  v.maxLength(4096, 'account name is too long'),
  v.minLength(1, 'account name is empty'),
);

const PasswordSchema = v.pipe(text('password'), v.minLength(1, 'the password is empty'));
const absentIfNull = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** `add`'s third parameter. */
export const AddOptionsSchema = v.pipe(
  closedObject('add options', (key) => key === 'verify' || key === 'clientSecret'),
  v.object({
    verify: v.optional(v.boolean('verify must be true or false')),
    clientSecret: v.optional(PasswordSchema),
  }),
  v.transform(definedOnly),
);
export type AddOptions = v.InferOutput<typeof AddOptionsSchema>;

/** `update`'s fourth parameter. */
export const UpdateOptionsSchema = v.pipe(
  closedObject('update options', (key) => key === 'clientSecret'),
  v.object({ clientSecret: v.optional(PasswordSchema) }),
  v.transform(definedOnly),
);
export type UpdateOptions = v.InferOutput<typeof UpdateOptionsSchema>;

/** The dashboard's credentials check: a confidential client's secret, when the form has one. */
const TestNewOptionsSchema = v.pipe(
  closedObject('testNew options', (key) => key === 'clientSecret'),
  v.object({ clientSecret: v.optional(PasswordSchema) }),
  v.transform(definedOnly),
);

const minValidMessage = 'the minimum validity must be a whole number of milliseconds up to a year';
export const MinValidMsSchema = v.pipe(
  v.number(minValidMessage),
  v.integer(minValidMessage),
  v.minValue(0, minValidMessage),
  v.maxValue(maxMinValidMs, minValidMessage),
);

/** The parameter list: an array (absent means none) of at most `max` items. */
export const paramsSchema = (max: number) =>
  v.optional(
    v.pipe(
      v.array(v.unknown(), `params must be an array of at most ${max} items`),
      v.maxLength(max, `params must be an array of at most ${max} items`),
    ),
    [],
  );

const params = v.array(v.unknown());
const count = (allowed: readonly number[], message: string) =>
  v.check((args: unknown[]) => allowed.includes(args.length), message);
/** JSON has no undefined: a left-out trailing optional parameter is absent, not undefined. */
const trimmed = <T extends unknown[]>(args: T): T => {
  const result = [...args];
  while (result.length > 0 && result[result.length - 1] === undefined) result.pop();
  return result as T;
};

const none = (method: string) => v.pipe(params, v.maxLength(0, `${method} takes no parameters`), v.tuple([]));
const oneName = (method: string) =>
  v.pipe(params, count([1], `${method} takes an account name`), v.tuple([NameSchema]));

const freshToken = v.pipe(
  params,
  count([1, 2], 'freshToken takes an account name and an optional minimum validity'),
  // Given (over IPC: even as undefined), the minimum validity must be one.
  v.check((args) => args.length === 1 || args[1] !== undefined, minValidMessage),
  v.tuple([NameSchema, v.optional(MinValidMsSchema)]),
  v.transform((args): Parameters<WalletApi['freshToken']> => trimmed(args)),
);

const snippet = v.pipe(
  params,
  v.tuple([
    NameSchema,
    v.picklist(snippetKinds, `snippet kind must be one of ${snippetKinds.join(', ')}`),
    v.optional(text('path')),
  ]),
  v.transform((args): Parameters<WalletApi['snippet']> => trimmed(args)),
);

const add = v.pipe(
  params,
  count([2, 3], 'add takes an account, a password and options'),
  // An empty password is for grants that send none; the wallet decides whether the account needs one.
  v.tuple([AccountInputSchema, text('password'), v.pipe(v.nullish(AddOptionsSchema), v.transform(absentIfNull))]),
  v.transform((args): Parameters<WalletApi['add']> => trimmed(args)),
);

const update = v.pipe(
  params,
  v.tuple([
    NameSchema,
    PartialAccountInputSchema,
    v.pipe(v.nullish(PasswordSchema), v.transform(absentIfNull)),
    v.pipe(v.nullish(UpdateOptionsSchema), v.transform(absentIfNull)),
  ]),
  // Over JSON, a password left unchanged before a client secret is null.
  v.transform(([name, input, password, options]): unknown[] => {
    const clientSecret = options?.clientSecret;
    if (clientSecret !== undefined) return [name, input, password ?? null, { clientSecret }];
    return password === undefined ? [name, input] : [name, input, password];
  }),
);

type ParamsSchema<P> = v.GenericSchema<unknown, P>;

/** One schema per WalletApi method; `update`'s password may be null over JSON (WalletApi says "null or absent"). */
export const walletParamSchemas: {
  [M in WalletMethod]: ParamsSchema<M extends 'update' ? unknown[] : Parameters<WalletApi[M]>>;
} = {
  list: none('list'),
  providers: none('providers'),
  get: oneName('get'),
  remove: oneName('remove'),
  renew: oneName('renew'),
  test: oneName('test'),
  logout: oneName('logout'),
  login: oneName('login'),
  freshToken,
  snippet,
  add,
  update,
};

/** The UI methods whose parameters differ from their WalletApi namesake (the rest take the same). */
export const uiOnlyParamSchemas = {
  copy: v.pipe(
    params,
    v.check(
      (args) => args.length === 2 && (copyKinds as readonly unknown[]).includes(args[1]),
      `copy takes an account name and one of ${copyKinds.join(', ')}`,
    ),
    v.tuple([NameSchema, v.picklist(copyKinds)]),
  ),
  testNew: v.pipe(
    params,
    count([2, 3], 'testNew takes an account, a password and options'),
    // Empty for grants that send no password (client credentials); the wallet decides whether one is needed.
    v.tuple([AccountInputSchema, text('password'), v.pipe(v.nullish(TestNewOptionsSchema), v.transform(absentIfNull))]),
    v.transform((args): Parameters<UiApi['testNew']> => trimmed(args)),
  ),
  signInQueue: none('signInQueue'),
  secretStore: none('secretStore'),
} satisfies { [M in Exclude<UiMethod, WalletMethod>]: ParamsSchema<Parameters<UiApi[M]>> };
