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
  // Browser mode: the secret arrives in the fragment (never sent to a server) and is removed from the address bar.
  const secret = new URLSearchParams(location.hash.slice(1)).get('s') ?? sessionStorage.getItem('tw-secret') ?? '';
  sessionStorage.setItem('tw-secret', secret);
  history.replaceState(null, '', location.pathname);
  return webSocketTransport(secret);
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
