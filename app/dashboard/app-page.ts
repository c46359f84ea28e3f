import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import type { UiApi } from '../ui-contract';
import { initialDataElement, initialDataSlot, readInitialData, type InitialData } from './initial-data';
import { policyForPage } from './page-policy';
import type { Prerender } from './prerender-loader';

export interface AppPageOptions {
  api: UiApi;
  rendererDir: string;
  prerender(): Promise<Prerender | null>;
  csp: string;
  headers: Record<string, string>;
}

/** Where the build's index.html has the empty app root the page's first screen goes into. */
const appRoot = '<div id="root"></div>';
/** The build marks the preload of React and the views: a pre-rendered page needs them only after its first paint. */
const afterPaintPreloads = /^\s*<link rel="modulepreload"[^>]*data-after-paint[^>]*>\n/gm;
const shelfLifeMs = 60_000;

/**
 * The data a pre-rendered page hydrates from, kept for its page to fetch once after its first paint
 * (`/page-data?k=…`): in the page it would be parsed before the rows could be painted. The key is
 * random, used once, and asked for with the page's session, like the page itself.
 */
export class PageDataShelf {
  private readonly entries = new Map<string, { json: string; until: number }>();

  put(data: InitialData, now = Date.now()): string {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
    const key = randomBytes(18).toString('base64url');
    this.entries.set(key, { json: JSON.stringify(data), until: now + shelfLifeMs });
    return key;
  }

  take(key: string | null, now = Date.now()): string | null {
    const entry = key === null ? undefined : this.entries.get(key);
    if (entry === undefined || key === null) return null;
    this.entries.delete(key);
    return entry.until > now ? entry.json : null;
  }
}

/** The first screen drawn on the host, or null (no pre-render, or it failed: the page draws itself). */
function drawFirstScreen(render: Prerender | null, data: InitialData | null): string | null {
  if (render === null || data === null) return null;
  try {
    return render(data);
  } catch {
    return null;
  }
}

/**
 * The app page. With a pre-render: the head without React's preload (it waits until the rows
 * are painted), then the rows, then a link to their data on the shelf. Without one: the head
 * at once (the browser fetches the bundle while the host reads the accounts), then the data in
 * the page, so the page's own first render waits for no round trip.
 */
export async function answerAppPage(
  options: AppPageOptions,
  shelf: PageDataShelf,
  revision: string,
  method: string | undefined,
  response: http.ServerResponse,
): Promise<void> {
  const page = await readFile(path.join(options.rendererDir, 'index.html'), 'utf8');
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': policyForPage(options.csp, page),
    ...options.headers,
  });
  if (method === 'HEAD') return void response.end();
  const root = page.indexOf(appRoot);
  const slot = page.indexOf(initialDataSlot);
  if (root < 0 || slot < root) return void response.end(page);
  const render = await options.prerender();
  response.write(render === null ? page.slice(0, root) : page.slice(0, root).replace(afterPaintPreloads, ''));
  const data = await readInitialData(options.api, revision);
  const screen = drawFirstScreen(render, data);
  const element =
    data === null
      ? ''
      : screen === null
        ? initialDataElement(data)
        : initialDataElement({ dataUrl: `/page-data?k=${shelf.put(data)}` });
  response.end(
    `<div id="root">${screen ?? ''}</div>` +
      page.slice(root + appRoot.length, slot) +
      element +
      page.slice(slot + initialDataSlot.length),
  );
}

/** `/page-data?k=…` (with the page's session): a pre-rendered page's data, once. */
export function answerPageData(
  shelf: PageDataShelf,
  url: URL,
  headers: Record<string, string>,
  response: http.ServerResponse,
): void {
  const json = shelf.take(url.searchParams.get('k'));
  if (json === null) return void response.writeHead(404, { 'Content-Type': 'text/plain', ...headers }).end('gone');
  response.writeHead(200, { 'Content-Type': 'application/json', ...headers }).end(json);
}
