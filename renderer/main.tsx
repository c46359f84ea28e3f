import { startClock } from './clock';
import { connectDashboard } from './store';
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

// For `npm run bench`: when the bundle has loaded and starts to run.
performance.mark('tw-boot');
const root = document.getElementById('root');
if (root !== null) {
  startClock();
  // The accounts are asked for before React loads, so the round trips overlap loading the view chunk.
  void connectDashboard(chooseTransport()).catch(() => undefined);
  void import('./view').then(({ mountDashboard }) => mountDashboard(root));
}
