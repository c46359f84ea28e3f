import { WalletError, usageError } from './errors';
import type { AccountRecord } from './model';
import type { ProviderMeta } from './providers/provider';

export const snippetKinds = ['curl', 'httpie', 'header'] as const;
export type SnippetKind = (typeof snippetKinds)[number];

/** POSIX shell single-quoting: safe for any token, URL or path. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The URL a snippet calls: the account's base URL plus a path (the provider's usage root by default). */
export function snippetUrl(account: Pick<AccountRecord, 'url' | 'options'>, meta: ProviderMeta, path?: string): string {
  // The default path may name the provider's options, e.g. /rest/{apiVersion}/system.
  const optionValue = (key: string): string =>
    account.options[key] ?? meta.fields.find((field) => field.key === key)?.defaultValue ?? '';
  const defaultPath = meta.defaultPath.replace(/\{([a-z][A-Za-z0-9]{0,31})\}/g, (_match, key: string) =>
    encodeURIComponent(optionValue(key)),
  );
  let chosen = path === undefined || path === '' ? defaultPath : path;
  if (/^https?:\/\//i.test(chosen)) {
    const target = new URL(chosen);
    if (target.origin !== new URL(account.url).origin) {
      throw usageError(
        `${chosen} is not on the account's server ${new URL(account.url).origin}; the token would leak to another host`,
        'path',
      );
    }
    return target.toString();
  }
  if (!chosen.startsWith('/')) chosen = `/${chosen}`;
  const base = new URL(account.url);
  // Paths are relative to the account URL, which may itself carry a prefix such as /api.
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${chosen}`;
}

export function authorizationHeader(meta: Pick<ProviderMeta, 'usage'>, token: string): string {
  return meta.usage === 'basic-username'
    ? `Basic ${Buffer.from(`${token}:`, 'utf8').toString('base64')}`
    : `Bearer ${token}`;
}

/** Ends the here-document; a token never contains a newline, so it can never end it early. */
export const hereDocEnd = 'TOKEN_WALLET_EOF';

/** The secret part of a snippet goes to the tool's stdin in a here-document: a shell builtin, never an argv. */
function hereDoc(line: string): string {
  if (/[\r\n]/.test(line)) throw new WalletError('unexpected', 'the token contains a line break; refusing to print it');
  return ` <<'${hereDocEnd}'\n${line}\n${hereDocEnd}`;
}

/** How the API carries the token, for `token --json`: the scheme of its Authorization header. */
export function tokenType(meta: Pick<ProviderMeta, 'usage'>): 'Bearer' | 'Basic' {
  return meta.usage === 'basic-username' ? 'Basic' : 'Bearer';
}

/** The header that carries the token: Authorization, or a recipe's own (X-Auth-Token: …). */
export function tokenHeader(meta: ProviderMeta, token: string): { name: string; value: string } {
  if (meta.usage === 'header' && meta.tokenHeader !== undefined) {
    return { name: meta.tokenHeader.name, value: `${meta.tokenHeader.prefix}${token}${meta.tokenHeader.suffix}` };
  }
  return { name: 'Authorization', value: authorizationHeader(meta, token) };
}

type SnippetAccount = Pick<AccountRecord, 'url' | 'options' | 'caFile'>;

/**
 * Text for a user to paste or `eval`. curl (≥ 7.55) reads the header from stdin (`-H @-`), HTTPie
 * (≥ 3) reads the header value from `/dev/stdin`: the token stays out of every process's argv,
 * which any local user can read in /proc.
 */
export function buildSnippet(
  kind: SnippetKind,
  account: SnippetAccount,
  meta: ProviderMeta,
  token: string,
  path?: string,
): string {
  switch (kind) {
    case 'header':
      return `${tokenHeader(meta, token).name}: ${tokenHeader(meta, token).value}`;
    case 'curl': {
      const url = snippetUrl(account, meta, path);
      const header = tokenHeader(meta, token);
      const ca = account.caFile === undefined ? '' : ` --cacert ${shellQuote(account.caFile)}`;
      return `curl -sS${ca} -H @- ${shellQuote(url)}${hereDoc(`${header.name}: ${header.value}`)}`;
    }
    case 'httpie': {
      const url = snippetUrl(account, meta, path);
      const ca = account.caFile === undefined ? '' : ` --verify=${shellQuote(account.caFile)}`;
      const header = tokenHeader(meta, token);
      return `http --ignore-stdin${ca} GET ${shellQuote(url)} ${header.name}:@/dev/stdin${hereDoc(header.value)}`;
    }
  }
}
