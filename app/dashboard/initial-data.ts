import type { AccountView } from '../model';
import type { ProviderMeta } from '../providers/provider-meta';
import type { UiApi } from '../ui-contract';

// Pure (no Node): the renderer type-checks this file too.

/**
 * The app page carries the accounts and providers it shows first (what the WebSocket's `list` and
 * `providers` would answer), so the first render waits for no round trip. The data sits in a
 * `<script type="application/json">` element: a data block, never executed, so the CSP stays
 * `script-src 'self'`. A revision tells the page whether anything changed before its socket was
 * subscribed: if so it reloads, else the page's data is current.
 */
export interface InitialData {
  revision: string;
  /** The host's clock when it made the page: the first render (pre-rendered, then hydrated) counts from it. */
  now: number;
  providers: ProviderMeta[];
  accounts: AccountView[];
}

/** The element's id; the renderer reads it once at start and removes it. */
export const initialDataId = 'tw-initial';

/** Where the build's index.html wants the data (a comment: the Electron host serves the page as is). */
export const initialDataSlot = '<!-- initial-data -->';

/**
 * JSON that cannot end its element: `<`, `>` and `&` become \u escapes (valid JSON, same value),
 * so no `</script>` or `<!--` survives whatever a recipe title or provider label holds.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** What a pre-rendered page carries instead: where to fetch its data once it has been painted. */
export interface PageDataLink {
  dataUrl: string;
}

export function initialDataElement(data: InitialData | PageDataLink): string {
  return `<script type="application/json" id="${initialDataId}">${scriptSafeJson(data)}</script>`;
}

/** The data for a page, or null when the host cannot give it now (the page then loads over the socket). */
export async function readInitialData(api: UiApi, revision: string): Promise<InitialData | null> {
  try {
    const [providers, accounts] = await Promise.all([api.providers(), api.list()]);
    return { revision, now: Date.now(), providers, accounts };
  } catch {
    return null;
  }
}
