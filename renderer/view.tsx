import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './components/app';

/**
 * React and every view: loaded by main.tsx after it has asked the host for the accounts. A page
 * the host pre-rendered (browser mode) is hydrated: its rows are kept, not drawn again.
 */
export function mountDashboard(root: HTMLElement): void {
  // For `npm run bench`: React and the views have loaded.
  performance.mark('tw-view-loaded');
  if (root.firstElementChild === null) createRoot(root).render(<App />);
  else hydrateRoot(root, <App />);
}
