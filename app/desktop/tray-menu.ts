import { formatDuration } from '../common/format';
import type { AccountView } from '../model';
import type { CopyKind, SignInQueueState } from '../ui-contract';
import { needsSignIn, queuePlace, signInQueueText } from '../common/sign-in';
import { secretStoreLabel, type SecretStoreInfo } from '../common/secret-store-info';

/**
 * The tray menu as data: built from wallet state and the clock, applied by main/ with Electron's
 * Menu.buildFromTemplate. Items carry actions, not closures, so the menu is testable here.
 */
export type TrayAction =
  | { type: 'copy'; accountId: string; kind: CopyKind }
  | { type: 'renew'; accountId: string }
  /** After a logout: log in again (background renewal resumes); a browser/device account: sign in. */
  | { type: 'login'; accountId: string }
  | { type: 'open-dashboard'; accountId?: string }
  | { type: 'renew-all' }
  | { type: 'toggle-start-at-login' }
  | { type: 'quit' };

export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

const statusWords: Record<AccountView['status'], string> = {
  fresh: 'fresh',
  expiring: 'expiring',
  expired: 'expired',
  none: 'no token yet',
  renewing: 'renewing…',
  attention: 'needs attention',
  offline: 'offline',
  'on-demand': 'on demand',
  'logged-out': 'logged out',
};

/** "fresh, 9 min left": minutes only, so the menu needs rebuilding at most once a minute. */
export function accountStatusLine(account: AccountView, now: number): string {
  const words = statusWords[account.status];
  if (account.expiresAt === null || account.expiresAt <= now) return words;
  const left = account.expiresAt - now;
  const time = left >= 3_600_000 ? formatDuration(left) : `${Math.max(1, Math.floor(left / 60_000))} min`;
  return `${words}, ${time} left`;
}

/** The account's way back to a session: Sign in (browser/device), Log in (after a logout), else Renew now. */
function sessionItem(account: AccountView, queue: SignInQueueState): TrayMenuItem {
  const place = queuePlace(queue, account.name);
  if (place === 'active') return { label: 'Signing in…', enabled: false };
  if (place === 'waiting') return { label: 'Waiting to sign in', enabled: false };
  if (needsSignIn(account)) return { label: 'Sign in', action: { type: 'login', accountId: account.id } };
  return account.status === 'logged-out'
    ? { label: 'Log in', action: { type: 'login', accountId: account.id } }
    : { label: 'Renew now', action: { type: 'renew', accountId: account.id } };
}

/** "Signing in: a · waiting to sign in: b, c" at the top, while anyone signs in. */
function queueItems(queue: SignInQueueState): TrayMenuItem[] {
  const text = signInQueueText(queue);
  return text === null ? [] : [{ label: text, enabled: false }, { type: 'separator' }];
}

export function buildTrayMenu(
  accounts: readonly AccountView[],
  now: number,
  options: { startAtLogin?: boolean; signIns?: SignInQueueState; secretStore?: SecretStoreInfo } = {},
): TrayMenuItem[] {
  const queue = options.signIns ?? { active: null, waiting: [] };
  const sorted = [...accounts].sort((a, b) => a.name.localeCompare(b.name));
  const accountItems: TrayMenuItem[] = sorted.map((account) => {
    const usable = account.status !== 'attention';
    const copy = (label: string, kind: CopyKind): TrayMenuItem => ({
      label,
      enabled: usable,
      action: { type: 'copy', accountId: account.id, kind },
    });
    return {
      label: `${account.name} (${needsSignIn(account) ? 'needs sign-in' : accountStatusLine(account, now)})`,
      type: 'submenu',
      submenu: [
        { label: accountStatusLine(account, now), enabled: false },
        ...(account.status === 'attention' && account.lastError !== null
          ? [{ label: account.lastError.message.slice(0, 80), enabled: false }]
          : []),
        { type: 'separator' },
        copy('Copy token', 'token'),
        copy('Copy curl command', 'curl'),
        copy('Copy HTTPie command', 'httpie'),
        copy('Copy Authorization header', 'header'),
        { type: 'separator' },
        sessionItem(account, queue),
        { label: 'Show in dashboard', action: { type: 'open-dashboard', accountId: account.id } },
      ],
    };
  });
  return [
    ...queueItems(queue),
    ...(accountItems.length === 0 ? [{ label: 'No accounts yet', enabled: false }] : accountItems),
    { type: 'separator' },
    { label: 'Open dashboard', action: { type: 'open-dashboard' } },
    { label: 'Renew all', enabled: accounts.length > 0, action: { type: 'renew-all' } },
    { type: 'separator' },
    ...(options.secretStore === undefined
      ? []
      : [{ label: `Secrets: ${secretStoreLabel(options.secretStore)}`, enabled: false }]),
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: options.startAtLogin === true,
      action: { type: 'toggle-start-at-login' },
    },
    { label: 'Quit Token Wallet', action: { type: 'quit' } },
  ];
}

/** The tray's tooltip: what needs a look, at a glance. */
export function trayTooltip(accounts: readonly AccountView[]): string {
  if (accounts.length === 0) return 'Token Wallet: no accounts';
  const attention = accounts.filter((account) => account.status === 'attention').length;
  const troubled = accounts.filter((account) => account.status === 'expired' || account.status === 'offline').length;
  const parts = [`${accounts.length} account${accounts.length === 1 ? '' : 's'}`];
  if (attention > 0) parts.push(`${attention} need${attention === 1 ? 's' : ''} attention`);
  if (troubled > 0) parts.push(`${troubled} expired or offline`);
  return `Token Wallet: ${parts.join(', ')}`;
}

/** Whether the menu must be rebuilt: only when what it shows changed (minute labels included). */
export function traySignature(menu: readonly TrayMenuItem[]): string {
  return JSON.stringify(menu);
}
