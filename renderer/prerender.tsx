import { renderToString } from 'react-dom/server';
import type { InitialData } from '../app/dashboard/initial-data';
import { App } from './components/app';
import { seedDashboard } from './store';

/**
 * The dashboard's first screen as HTML, drawn by its own components from the page's data, for the
 * host to put in the page (app/dashboard/prerender-loader.ts): the rows are there when the HTML
 * is, and React then hydrates them. Built for Node as dist/prerender/dashboard.mjs.
 */
export function prerenderDashboard(data: InitialData): string {
  seedDashboard(data);
  return renderToString(<App />);
}
