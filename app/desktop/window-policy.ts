/**
 * The one hardened window's policy, as data and pure decisions; main/window.ts applies it.
 * The renderer is served from a custom protocol, never file://.
 */
export const appScheme = 'app';
export const appHost = 'token-wallet';

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The one window's webPreferences, as a type with literal values: main/window.ts writes the object
 * out literally (so reviewers and electronegativity see it) and `satisfies` this type, so no value
 * can drift without failing the type check.
 */
export interface HardenedWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  /** Middle-click must not open windows. */
  disableBlinkFeatures: 'Auxclick';
  spellcheck: false;
  devTools: boolean;
  safeDialogs: true;
}

/** The window never navigates: only a reload of our own page is allowed. */
export function isAllowedNavigation(url: string): boolean {
  try {
    const target = new URL(url);
    return (
      target.protocol === `${appScheme}:` &&
      target.host === appHost &&
      (target.pathname === '/' || target.pathname === '/index.html')
    );
  } catch {
    return false;
  }
}

/** Camera, notifications from the page, clipboard reads, geolocation…: the dashboard needs none. */
export function permissionDecision(_permission: string): false {
  return false;
}

/** Which files of the renderer bundle the custom protocol serves; anything else is 404. */
export function rendererFileFor(url: string): string | null {
  try {
    const target = new URL(url);
    if (target.protocol !== `${appScheme}:` || target.host !== appHost) return null;
    const file = target.pathname === '/' ? 'index.html' : target.pathname.slice(1);
    return /^[a-z0-9-]+\.(html|js|css|svg)$/.test(file) ? file : null;
  } catch {
    return null;
  }
}
