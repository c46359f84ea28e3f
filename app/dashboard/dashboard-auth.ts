import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may use a browser-mode dashboard. A link secret (the run's own, or a one-time one handed to
 * a second `token-wallet dashboard`) is traded once at /login for a session cookie that is
 * HttpOnly and SameSite=Strict: page scripts never see either, and other sites cannot send it.
 */
export interface DashboardAuth {
  /** The run's link secret: printed for `--no-open`, valid while the dashboard runs. */
  readonly runSecret: string;
  /** A fresh link secret that works once, within `oneTimeLinkMs`. */
  mintOneTime(): string;
  /** A new session for a valid link secret, or null. */
  login(secret: string | null): string | null;
  /** Whether a request's Cookie header carries a live session. */
  hasSession(cookieHeader: string | undefined): boolean;
  cookieName: string;
}

export const oneTimeLinkMs = 2 * 60 * 1000;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time: the comparison takes as long whatever the guess. */
function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function createDashboardAuth(port: number, now: () => number = Date.now): DashboardAuth {
  const runSecret = newSecret();
  const runDigest = digest(runSecret);
  const oneTime = new Map<number, { hash: Buffer; expiresAt: number }>();
  let minted = 0;
  const sessions: Buffer[] = [];
  // Cookies are not port-scoped: one name per port, so two dashboards do not overwrite each other.
  const cookieName = `tw-session-${port}`;

  const takeOneTime = (secret: string): boolean => {
    for (const [key, entry] of oneTime) {
      if (entry.expiresAt <= now()) oneTime.delete(key);
      else if (sameSecret(secret, entry.hash)) {
        oneTime.delete(key);
        return true;
      }
    }
    return false;
  };

  return {
    runSecret,
    cookieName,
    mintOneTime: () => {
      const secret = newSecret();
      oneTime.set((minted += 1), { hash: digest(secret), expiresAt: now() + oneTimeLinkMs });
      return secret;
    },
    login: (secret) => {
      if (secret === null || secret.length > 256) return null;
      if (!sameSecret(secret, runDigest) && !takeOneTime(secret)) return null;
      const session = newSecret();
      sessions.push(digest(session));
      return session;
    },
    hasSession: (cookieHeader) => {
      const value = cookieValue(cookieHeader, cookieName);
      if (value === undefined || value.length > 256) return false;
      return sessions.some((session) => sameSecret(value, session));
    },
  };
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function sessionCookie(name: string, value: string): string {
  return `${name}=${value}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The page a stale tab or a link without its secret gets: how to get a valid link, no app. */
export const noSessionPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Token Wallet: link needed</title>
<meta name="color-scheme" content="light dark"></head>
<body>
<h1>This dashboard link is not valid</h1>
<p>It belongs to an earlier run, was already used, or was opened without its secret.
Your accounts are safe; the wallet just cannot show them here.</p>
<p>To open the dashboard, run <code>token-wallet dashboard</code> in a terminal: it opens the
running dashboard in your browser, or starts one. With <code>--no-open</code> it prints a fresh link instead.</p>
</body></html>
`;

/**
 * The page /login answers with: sets the cookie, then moves to / (a same-site navigation, so the Strict cookie goes
 * along).
 */
export const loggedInPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Token Wallet</title>
<meta http-equiv="refresh" content="0;url=/"></head>
<body><p><a href="/">Open the dashboard</a></p></body></html>
`;

/** For the small pages above: nothing to load, no script at all. */
export const plainPageCsp = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
