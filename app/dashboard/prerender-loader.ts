import { pathToFileURL } from 'node:url';
import type { InitialData } from './initial-data';

/** The renderer's pre-render (renderer/prerender.tsx): the page's first screen as HTML. */
export type Prerender = (data: InitialData) => string;

/**
 * Loads the built pre-render on the first page request, not at start: a host carries React's
 * server renderer only once someone opens the dashboard. Missing or broken: null, and the page
 * renders itself in the browser as it would without.
 */
export function prerendererAt(file: string): () => Promise<Prerender | null> {
  let loading: Promise<Prerender | null> | null = null;
  return () =>
    (loading ??= import(pathToFileURL(file).href).then(
      (module: { prerenderDashboard?: unknown }) =>
        typeof module.prerenderDashboard === 'function' ? (module.prerenderDashboard as Prerender) : null,
      () => null,
    ));
}
