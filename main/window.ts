import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BrowserWindow, protocol, session } from 'electron';
import {
  appScheme,
  contentSecurityPolicy,
  isAllowedNavigation,
  permissionDecision,
  rendererFileFor,
  type HardenedWebPreferences,
} from '../app/desktop/window-policy';
import { policyForPage } from '../app/dashboard/page-policy';

const contentTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** Must run before the app is ready: app:// is a standard, secure origin (not file://). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves dist/renderer on app://token-wallet/ with the strict CSP on every answer. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const file = rendererFileFor(request.url);
    if (file === null) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(path.join(rendererDir, file));
      return new Response(body, {
        headers: {
          'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
          // The page's inline stylesheet, allowed by its hash (and nothing else inline).
          'Content-Security-Policy': file.endsWith('.html')
            ? policyForPage(contentSecurityPolicy, body.toString('utf8'))
            : contentSecurityPolicy,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  // Nothing the dashboard does needs a permission.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionDecision(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
}

/** The one window factory: every hardening in one place. */
export function createDashboardWindow(preloadPath: string, development: boolean): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Token Wallet',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: development,
      safeDialogs: true,
    } satisfies HardenedWebPreferences,
  });
  const { webContents } = window;
  webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  webContents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appScheme}://token-wallet/`);
  return window;
}
