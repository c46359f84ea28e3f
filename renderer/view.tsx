import { createRoot } from 'react-dom/client';
import { App } from './components/app';

/** React and every view: loaded by main.tsx after it has asked the host for the accounts. */
export function mountDashboard(root: HTMLElement): void {
  // For `npm run bench`: React and the views have loaded.
  performance.mark('tw-view-loaded');
  createRoot(root).render(<App />);
}
