import { validateAccountInput } from '../../account-input';
import { WalletError } from '../../errors';
import { describeExpiry } from '../../common/format';
import { readCaFile } from '../../http/ca-file';
import { httpRequest, type HttpResponse, type HttpTransport } from '../../http/http-client';
import type { AccountInput, AccountRecord } from '../../model';
import { parseRecipe } from './recipe-parse';
import { recipeProvider } from './recipe-provider';

/**
 * `providers test FILE`: one login with a recipe that is not installed yet, reported without
 * secrets: what was sent where, what came back (status, header names, body shape), what was
 * extracted (lengths and times, never values). A session it opened is logged out again.
 */
export interface TrialInput {
  file: string;
  text: string;
  account: Omit<AccountInput, 'name' | 'provider'>;
  password: string;
  now(): number;
  http?: HttpTransport;
}

/** The shape of a JSON body with every value replaced by its type: structure without secrets. */
function shape(value: unknown, depth = 0): unknown {
  if (depth > 4) return '…';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0], depth + 1)];
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .slice(0, 30)
        .map(([key, item]) => [key, shape(item, depth + 1)]),
    );
  return value === null ? 'null' : typeof value;
}

function describeAnswer(response: HttpResponse): string[] {
  const type = String(response.headers['content-type'] ?? 'no content type');
  const lines = [
    `  HTTP ${response.status}, ${type}, ${response.body.length} bytes`,
    `  headers: ${Object.keys(response.headers).sort().join(', ')}`,
  ];
  try {
    lines.push(`  body shape: ${JSON.stringify(shape(JSON.parse(response.body.toString('utf8'))))}`);
  } catch {
    // Not JSON: its shape is not shown (it may hold the token).
  }
  return lines;
}

export async function tryRecipe(input: TrialInput): Promise<string[]> {
  const recipe = parseRecipe(input.text, input.file);
  const provider = recipeProvider(recipe, { trusted: false, source: 'installed' });
  const valid = validateAccountInput(
    { ...input.account, name: 'recipe-test', provider: recipe.name },
    undefined,
    provider,
  );
  const account: AccountRecord = { ...valid, id: 'recipe-test', createdAt: new Date(input.now()).toISOString() };
  const lines: string[] = [];
  const transport = input.http ?? httpRequest;
  // Bounded, regular files only (a FIFO would block), like every CA file the wallet reads.
  const ca = account.caFile === undefined ? undefined : await readCaFile(account.caFile);
  const http: HttpTransport = async (request) => {
    lines.push(`${request.method} ${request.url.origin}${request.url.pathname}`);
    const response = await transport(ca === undefined ? request : { ...request, ca });
    lines.push(...describeAnswer(response));
    return response;
  };
  const context = { account, password: input.password, http, now: input.now, ...(ca === undefined ? {} : { ca }) };
  try {
    const tokens = await provider.login(context);
    lines.push(
      `token: ${tokens.accessToken.length} characters; ${describeExpiry(tokens.expiresAt, input.now())} (until ` +
        `${new Date(tokens.expiresAt).toISOString()})`,
    );
    lines.push(
      `refresh token: ${tokens.refreshToken === undefined ? 'none' : `${tokens.refreshToken.length} characters`}`,
    );
    if (provider.logout !== undefined) {
      await provider.logout(context, tokens);
      lines.push('logged out the test session');
    }
    return lines;
  } catch (error) {
    if (error instanceof WalletError)
      throw new WalletError(
        error.kind,
        `${error.message} (after: ${lines.filter((line) => !line.startsWith(' ')).join('; ') || 'no request'})`,
        error.details,
      );
    throw error;
  }
}
