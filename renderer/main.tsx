import type { InitialData } from '../app/dashboard/initial-data';
import { startClock } from './clock';
import { connectDashboard, reportLoadFailure } from './store';
import { preloadTransport, webSocketTransport, type PreloadBridge } from './transport';

declare global {
  interface Window {
    tokenWallet?: PreloadBridge;
  }
}

function chooseTransport() {
  if (window.tokenWallet !== undefined) return preloadTransport(window.tokenWallet);
  // Browser mode: the server traded the link's secret for an HttpOnly cookie before this page
  // loaded; nothing secret is left for a script to read. Drop any leftover query or fragment.
  if (location.search !== '' || location.hash !== '') history.replaceState(null, '', location.pathname);
  return webSocketTransport();
}

/** Browser mode: the accounts the server put in the page (see app/dashboard/initial-data.ts), read once. */
function pageData(): InitialData | null {
  const element = document.getElementById('tw-initial');
  if (element === null) return null;
  element.remove();
  try {
    const data = JSON.parse(element.textContent ?? '') as Partial<InitialData>;
    const valid =
      typeof data.revision === 'string' &&
      typeof data.now === 'number' &&
      Array.isArray(data.providers) &&
      Array.isArray(data.accounts);
    return valid ? (data as InitialData) : null;
  } catch {
    return null;
  }
}

function boot(root: HTMLElement): void {
  startClock();
  const initial = window.tokenWallet === undefined ? pageData() : null;
  // Without page data the accounts are asked for before React loads, so the round trips overlap loading the view chunk.
  void connectDashboard(chooseTransport(), initial).catch(reportLoadFailure('the accounts'));
  void import('./view').then(({ mountDashboard }) => mountDashboard(root));
}

/** After the next frame is painted. */
function afterPaint(run: () => void): void {
  requestAnimationFrame(() => setTimeout(run, 0));
}

// For `npm run bench`: when the bundle has loaded and starts to run.
performance.mark('tw-boot');
const root = document.getElementById('root');
// A pre-rendered page (browser mode) is painted first: reading its data and hydrating would
// otherwise run before the browser's first frame and hold the rows back.
if (root !== null) {
  if (root.firstElementChild === null) boot(root);
  else afterPaint(() => boot(root));
}
