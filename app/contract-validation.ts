import * as v from 'valibot';
import { walletMethods, type WalletApi, type WalletMethod } from './contract';
import { paramsSchema, uiOnlyParamSchemas, walletParamSchemas } from './contract-schema';
import { toWalletError, usageError } from './errors';
import { uiMethods, type UiApi, type UiError, type UiMethod } from './ui-contract';

/**
 * Runtime checks of every request that crosses a process boundary (agent socket, Electron IPC,
 * dashboard WebSocket): the caller is untrusted, so shapes and sizes are checked, by the schemas in
 * contract-schema.ts, before the wallet sees anything. Deep validation of account fields stays in
 * validateAccountInput.
 */
export interface WalletRequest<M extends WalletMethod = WalletMethod> {
  method: M;
  params: Parameters<WalletApi[M]>;
}

/** The first failure only: one line for the caller, and no work spent on the rest of a hostile payload. */
const firstIssue = { abortEarly: true } as const;

function parse<T>(schema: v.GenericSchema<unknown, T>, value: unknown): T {
  const result = v.safeParse(schema, value, firstIssue);
  if (result.success) return result.output;
  throw usageError(result.issues[0].message);
}

function unknownMethod(method: unknown): never {
  throw usageError(
    `unknown method ${typeof method === 'string' ? JSON.stringify(method).slice(0, 64) : `(${typeof method})`}`,
  );
}

const isOneOf = <T extends string>(names: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (names as readonly string[]).includes(value);

const walletParams = paramsSchema(4);

export function validateRequest(method: unknown, params: unknown): WalletRequest {
  if (!isOneOf(walletMethods, method)) unknownMethod(method);
  // No hand-written shortcut for the agent's hot path (freshToken): the schema costs what the old
  // hand-written check did, a few hundred ns against a socket round trip (scripts/bench-validation.ts).
  const args = parse(walletParams, params);
  return { method, params: parse(walletParamSchemas[method], args) } as WalletRequest;
}

/** Calls the wallet with a validated request. */
export async function dispatch(api: WalletApi, request: WalletRequest): Promise<unknown> {
  const method = api[request.method] as (...args: unknown[]) => Promise<unknown>;
  return method.apply(api, request.params as unknown[]);
}

export interface UiRequest {
  method: UiMethod;
  params: unknown[];
}

const uiParams = paramsSchema(3);

/** The renderer's requests (Electron IPC, browser WebSocket): the same checks, for the narrower UiApi. */
export function validateUiRequest(method: unknown, params: unknown): UiRequest {
  if (!isOneOf(uiMethods, method)) unknownMethod(method);
  const args = parse(uiParams, params);
  if (method === 'copy') return { method, params: parse(uiOnlyParamSchemas.copy, args) };
  if (method === 'testNew') return { method, params: parse(uiOnlyParamSchemas.testNew, args) };
  if (method === 'signInQueue' || method === 'secretStore')
    return { method, params: parse(uiOnlyParamSchemas[method], args) };
  // Every other UI method has the same shape as its WalletApi namesake.
  return { method, params: validateRequest(method, args).params as unknown[] };
}

export async function dispatchUi(api: UiApi, request: UiRequest): Promise<unknown> {
  const method = api[request.method] as (...args: unknown[]) => Promise<unknown>;
  return method.apply(api, request.params);
}

/** A failure as the renderer sees it: kind, one plain line, the field it concerns; never a stack. */
export function uiError(error: unknown): UiError {
  const walletError = toWalletError(error);
  return {
    kind: walletError.kind,
    message: walletError.message,
    ...(walletError.details.field === undefined ? {} : { field: walletError.details.field }),
  };
}
