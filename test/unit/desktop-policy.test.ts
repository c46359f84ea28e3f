import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { secretStoreDescription } from '../../app/common/secret-store-info';
import { ClipboardGuard, shouldClear } from '../../app/desktop/clipboard-guard';
import { isTrustedSender } from '../../app/desktop/ipc-guard';
import { accountStatusLine, buildTrayMenu, trayTooltip, type TrayMenuItem } from '../../app/desktop/tray-menu';
import { isAllowedNavigation, permissionDecision, rendererFileFor } from '../../app/desktop/window-policy';
import type { AccountView } from '../../app/model';
import { WalletError } from '../../app/errors';
import { notificationInputs } from '../../app/scheduler/notifications';
import { projectRoot } from '../helpers/cli-runner';
import { accountView } from '../helpers/account-view';
import { FakeClock } from '../helpers/fake-clock';

const now = 1_700_000_000_000;

const view = (partial: Partial<AccountView>): AccountView =>
  accountView({ issuedAt: now - 60_000, expiresAt: now + 9 * 60_000 + 30_000, ...partial });

const labels = (items: TrayMenuItem[]): Array<string | undefined> => items.map((item) => item.label ?? item.type);

test('the tray menu: one submenu per account with its copies and renew, then the app actions', () => {
  const menu = buildTrayMenu(
    [
      view({ name: 'zeta' }),
      view({
        name: 'alpha',
        status: 'attention',
        lastError: { kind: 'credentials', message: 'invalid username and password', at: now },
      }),
    ],
    now,
  );
  assert.deepEqual(labels(menu), [
    'alpha (needs attention, 9 min left)',
    'zeta (fresh, 9 min left)',
    'separator',
    'Open dashboard',
    'Renew all',
    'separator',
    'Start at login',
    'Quit Token Wallet',
  ]);
  assert.equal(menu.find((item) => item.label === 'Start at login')?.checked, false);
  assert.equal(
    buildTrayMenu([], now, { startAtLogin: true }).find((item) => item.label === 'Start at login')?.checked,
    true,
  );
  const zeta = menu[1]?.submenu ?? [];
  assert.deepEqual(labels(zeta), [
    'fresh, 9 min left',
    'separator',
    'Copy token',
    'Copy curl command',
    'Copy HTTPie command',
    'Copy Authorization header',
    'separator',
    'Renew now',
    'Show in dashboard',
  ]);
  assert.deepEqual(zeta[3]?.action, { type: 'copy', accountId: 'zeta', kind: 'curl' });
  assert.deepEqual(zeta[7]?.action, { type: 'renew', accountId: 'zeta' });
  const alpha = menu[0]?.submenu ?? [];
  assert.equal(alpha[1]?.label, 'invalid username and password', 'the reason is shown');
  assert.equal(
    alpha.find((item) => item.label === 'Copy token')?.enabled,
    false,
    'no copy while credentials are rejected',
  );
  assert.deepEqual(menu.at(-1)?.action, { type: 'quit' });
});

test('time labels are in whole minutes, so the menu changes at most once a minute', () => {
  const account = view({ expiresAt: now + 9 * 60_000 + 59_000 });
  assert.equal(accountStatusLine(account, now), 'fresh, 9 min left');
  assert.equal(accountStatusLine(account, now + 30_000), 'fresh, 9 min left');
  assert.equal(accountStatusLine(account, now + 60_000), 'fresh, 8 min left');
  assert.equal(accountStatusLine(view({ expiresAt: now + 5 * 3_600_000 }), now), 'fresh, 5h left');
  assert.equal(accountStatusLine(view({ expiresAt: null, issuedAt: null, status: 'none' }), now), 'no token yet');
});

test('an empty wallet still offers the dashboard; the tooltip sums up what needs a look', () => {
  assert.deepEqual(labels(buildTrayMenu([], now)).slice(0, 1), ['No accounts yet']);
  assert.equal(trayTooltip([]), 'Token Wallet: no accounts');
  assert.equal(
    trayTooltip([view({}), view({ status: 'attention' }), view({ status: 'offline' })]),
    'Token Wallet: 3 accounts, 1 needs attention, 1 expired or offline',
  );
});

test('the tray says where the secrets are, in the words the CLI and the dashboard use', () => {
  const file = { kind: 'file', file: '/home/ann/.config/token-wallet/secrets.enc' } as const;
  const inFile = buildTrayMenu([view({})], now, { secretStore: file });
  assert.ok(labels(inFile).includes('Secrets: encrypted file'));
  assert.equal(inFile.find((item) => item.label === 'Secrets: encrypted file')?.enabled, false);
  assert.ok(labels(buildTrayMenu([], now, { secretStore: { kind: 'keychain' } })).includes('Secrets: OS keychain'));
  assert.equal(
    secretStoreDescription(file),
    'an encrypted file, /home/ann/.config/token-wallet/secrets.enc (passphrase)',
  );
  assert.equal(secretStoreDescription({ kind: 'keychain' }), 'the OS keychain');
  assert.match(secretStoreDescription({ kind: null }), /^not chosen yet/);
});

test('the clipboard is cleared after the delay only if it still holds our copy', async () => {
  const clock = new FakeClock();
  let clipboard = '';
  let concealed = 0;
  const guard = new ClipboardGuard(
    {
      readText: () => clipboard,
      writeSecret: (text) => ((clipboard = text), (concealed += 1)),
      clear: () => (clipboard = ''),
    },
    clock,
  );
  guard.copy('token-1', 30_000);
  assert.equal(clipboard, 'token-1');
  assert.equal(concealed, 1, 'written through the concealed path');
  await clock.advance(29_999);
  assert.equal(clipboard, 'token-1');
  await clock.advance(1);
  assert.equal(clipboard, '', 'cleared after 30 s');

  guard.copy('token-2', 30_000);
  clipboard = 'something the user copied since';
  await clock.advance(30_000);
  assert.equal(clipboard, 'something the user copied since', 'never touched');

  guard.copy('token-3', 30_000);
  await clock.advance(20_000);
  guard.copy('token-4', 30_000);
  await clock.advance(20_000);
  assert.equal(clipboard, 'token-4', 'a new copy restarts the delay');
  assert.equal(shouldClear('x', null), false);
});

test('the window is built from the hardened preferences type, literally', () => {
  // The values themselves are pinned by the HardenedWebPreferences type (npm run typecheck).
  const source = readFileSync(path.join(projectRoot, 'main', 'window.ts'), 'utf8');
  assert.match(source, /} satisfies HardenedWebPreferences,/);
  for (const line of [
    'contextIsolation: true',
    'sandbox: true',
    'nodeIntegration: false',
    'webSecurity: true',
    'webviewTag: false',
    "disableBlinkFeatures: 'Auxclick'",
    'devTools: development',
  ]) {
    assert.ok(source.includes(line), line);
  }
  assert.equal((source.match(/new BrowserWindow\(/g) ?? []).length, 1, 'one window factory');
});

test('navigation, permissions and served files', () => {
  assert.equal(isAllowedNavigation('app://token-wallet/'), true);
  assert.equal(isAllowedNavigation('app://token-wallet/index.html'), true);
  assert.equal(isAllowedNavigation('https://evil.example/'), false);
  assert.equal(isAllowedNavigation('file:///etc/passwd'), false);
  assert.equal(isAllowedNavigation('app://other/'), false);
  assert.equal(permissionDecision('media'), false);
  assert.equal(rendererFileFor('app://token-wallet/'), 'index.html');
  assert.equal(rendererFileFor('app://token-wallet/app.js'), 'app.js');
  assert.equal(rendererFileFor('app://token-wallet/../../etc/passwd'), null);
  assert.equal(rendererFileFor('app://token-wallet/%2e%2e/x.js'), 'x.js', 'dot segments resolve inside the root');
  assert.equal(rendererFileFor('app://token-wallet/a%2F..%2F..%2Fetc%2Fpasswd'), null);
  assert.equal(rendererFileFor('app://evil/app.js'), null);
});

test('IPC: only our window’s main frame on our origin', () => {
  const ok = { frameUrl: 'app://token-wallet/', isMainFrame: true, webContentsId: 7 };
  assert.equal(isTrustedSender(ok, 7), true);
  assert.equal(isTrustedSender({ ...ok, webContentsId: 8 }, 7), false, 'another window');
  assert.equal(isTrustedSender({ ...ok, isMainFrame: false }, 7), false, 'a subframe');
  assert.equal(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' }, 7), false, 'navigated away');
  assert.equal(isTrustedSender({ ...ok, frameUrl: undefined }, 7), false);
  assert.equal(isTrustedSender(ok, null), false, 'no dashboard window');
});

test('notification inputs: on-demand accounts do not auto-renew, back-off is failing, rejection is attention', () => {
  const inputs = notificationInputs(
    [
      view({ name: 'od', policy: { onDemandOnly: true } }),
      view({ name: 'flaky' }),
      view({ name: 'bad', status: 'attention' }),
    ],
    (id) =>
      id === 'flaky'
        ? {
            accountId: id,
            state: 'backoff',
            dueAt: now + 1000,
            attempt: 2,
            lastError: new WalletError('unreachable', 'connection refused'),
          }
        : null,
  );
  assert.deepEqual(
    inputs.map((input) => [input.name, input.autoRenews, input.state, input.lastError ?? null]),
    [
      ['od', false, 'ok', null],
      ['flaky', true, 'failing', 'connection refused'],
      ['bad', true, 'attention', null],
    ],
  );
});
