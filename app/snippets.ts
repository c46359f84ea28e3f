import { usageError } from './errors';
import type { AccountRecord } from './model';
import type { ProviderMeta } from './providers/provider';

export const snippetKinds = ['curl', 'httpie', 'header', 'env'] as const;
export type SnippetKind = (typeof snippetKinds)[number];

/** POSIX shell single-quoting: safe for any token, URL or path. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The URL a snippet calls: the account's base URL plus a path (the provider's usage root by default). */
export function snippetUrl(account: AccountRecord, meta: ProviderMeta, path?: string): string {
  // The default path may name the provider's options, e.g. /rest/{apiVersion}/system.
  const optionValue = (key: string): string => account.options[key] ?? meta.fields.find((field) => field.key === key)?.defaultValue ?? '';
  const defaultPath = meta.defaultPath.replace(/\{([a-z][A-Za-z0-9]{0,31})\}/g, (_match, key: string) => encodeURIComponent(optionValue(key)));
  let chosen = path === undefined || path === '' ? defaultPath : path;
  if (/^https?:\/\//i.test(chosen)) {
    const target = new URL(chosen);
    if (target.origin !== new URL(account.url).origin) {
      throw usageError(`${chosen} is not on the account's server ${new URL(account.url).origin}; the token would leak to another host`, 'path');
    }
    return target.toString();
  }
  if (!chosen.startsWith('/')) chosen = `/${chosen}`;
  const base = new URL(account.url);
  // Paths are relative to the account URL, which may itself carry a prefix such as /api.
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${chosen}`;
}

export function authorizationHeader(meta: ProviderMeta, token: string): string {
  return meta.usage === 'basic-username'
    ? `Basic ${Buffer.from(`${token}:`, 'utf8').toString('base64')}`
    : `Bearer ${token}`;
}

/** The header that carries the token: Authorization, or a recipe's own (X-Auth-Token: …). */
export function tokenHeader(meta: ProviderMeta, token: string): { name: string; value: string } {
  if (meta.usage === 'header' && meta.tokenHeader !== undefined) {
    return { name: meta.tokenHeader.name, value: `${meta.tokenHeader.prefix}${token}${meta.tokenHeader.suffix}` };
  }
  return { name: 'Authorization', value: authorizationHeader(meta, token) };
}

export function buildSnippet(kind: SnippetKind, account: AccountRecord, meta: ProviderMeta, token: string, path?: string): string {
  switch (kind) {
    case 'header':
      return `${tokenHeader(meta, token).name}: ${tokenHeader(meta, token).value}`;
    case 'env':
      return `export TOKEN=${shellQuote(token)}`;
    case 'curl': {
      const url = snippetUrl(account, meta, path);
      const header = tokenHeader(meta, token);
      const auth = meta.usage === 'basic-username' ? `-u ${shellQuote(`${token}:`)}` : `-H ${shellQuote(`${header.name}: ${header.value}`)}`;
      const ca = account.caFile === undefined ? '' : ` --cacert ${shellQuote(account.caFile)}`;
      return `curl -sS${ca} ${auth} ${shellQuote(url)}`;
    }
    case 'httpie': {
      const url = snippetUrl(account, meta, path);
      const ca = account.caFile === undefined ? '' : ` --verify=${shellQuote(account.caFile)}`;
      if (meta.usage === 'header') {
        const header = tokenHeader(meta, token);
        return `http${ca} GET ${shellQuote(url)} ${shellQuote(`${header.name}:${header.value}`)}`;
      }
      const auth = meta.usage === 'basic-username' ? `-a ${shellQuote(`${token}:`)}` : `-A bearer -a ${shellQuote(token)}`;
      return `http${ca} ${auth} GET ${shellQuote(url)}`;
    }
  }
}
