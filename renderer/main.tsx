import type { InitialData, PageDataLink } from '../app/dashboard/initial-data';
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

function asInitialData(value: unknown): InitialData | null {
  const data = (typeof value === 'object' && value !== null ? value : {}) as Partial<InitialData>;
  const valid =
    typeof data.revision === 'string' &&
    typeof data.now === 'number' &&
    Array.isArray(data.providers) &&
    Array.isArray(data.accounts);
  return valid ? (data as InitialData) : null;
}

/**
 * Browser mode: what the host put in the page (app/dashboard/initial-data.ts), read once: the
 * accounts themselves, or (a pre-rendered page) where to fetch the data its rows were drawn from.
 */
function pageData(): InitialData | PageDataLink | null {
  const element = document.getElementById('tw-initial');
  if (element === null) return null;
  element.remove();
  try {
    const value = JSON.parse(element.textContent ?? '') as Partial<PageDataLink>;
    return typeof value.dataUrl === 'string' && value.dataUrl.startsWith('/')
      ? { dataUrl: value.dataUrl }
      : asInitialData(value);
  } catch {
    return null;
  }
}

async function fetchPageData(link: PageDataLink): Promise<InitialData | null> {
  try {
    const response = await fetch(link.dataUrl, { credentials: 'same-origin', cache: 'no-store' });
    return response.ok ? asInitialData(await response.json()) : null;
  } catch {
    return null;
  }
}

function boot(root: HTMLElement, initial: InitialData | null, view = import('./view')): void {
  // Rows drawn by the host but no data they were drawn from: the page draws its own.
  if (initial === null) root.replaceChildren();
  startClock();
  // Without page data the accounts are asked for before React loads, so the round trips overlap loading the view chunk.
  void connectDashboard(chooseTransport(), initial).catch(reportLoadFailure('the accounts'));
  void view.then(({ mountDashboard }) => mountDashboard(root));
}

/** Once the next frame is painted. */
function painted(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

// For `npm run bench`: when the bundle has loaded and starts to run.
performance.mark('tw-boot');
const root = document.getElementById('root');
const start = window.tokenWallet === undefined ? pageData() : null;
if (root !== null) {
  if (start === null || !('dataUrl' in start)) boot(root, start);
  // A pre-rendered page: its data and React load side by side at once, and hydrate the rows once
  // they are painted (hydrating first would hold the paint back).
  else {
    const view = import('./view');
    void Promise.all([fetchPageData(start), painted()]).then(([data]) => boot(root, data, view));
  }
}
