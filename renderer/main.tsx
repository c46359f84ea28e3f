import { createRoot } from 'react-dom/client';
import { App } from './components/app';
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

const root = document.getElementById('root');
if (root !== null) {
  startClock();
  createRoot(root).render(<App />);
  void connectDashboard(chooseTransport()).catch(() => undefined);
}
