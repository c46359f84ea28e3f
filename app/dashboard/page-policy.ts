import { createHash } from 'node:crypto';

/**
 * The page carries its stylesheet inline (one request fewer before the first paint). The CSP
 * allows exactly that text, by its hash: style attributes and any other inline style stay refused.
 */
export function inlineStyleHashes(page: string): string[] {
  return [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
  );
}

/** The policy with the page's own inline styles allowed in style-src. */
export function policyForPage(policy: string, page: string): string {
  const hashes = inlineStyleHashes(page);
  if (hashes.length === 0) return policy;
  return policy
    .split('; ')
    .map((directive) => (directive.startsWith('style-src ') ? `${directive} ${hashes.join(' ')}` : directive))
    .join('; ');
}
