import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { _electron as electron } from 'playwright';
import { startFake } from '../fakes/index';
import { projectRoot, runCli, tempWalletHome } from '../helpers/cli-runner';

/** The Electron binary, where one is installed (npm's electron package without it throws). */
function electronBinary(): string | null {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

test('Electron smoke: launches to the tray, opens the window, copies a token', async (context) => {
  const binary = electronBinary();
  if (binary === null) {
    const reason =
      'no Electron binary installed (offline install, ELECTRON_SKIP_BINARY_DOWNLOAD); main/ is type-checked and its ' +
      'logic unit-tested instead';
    process.stdout.write(`\n######## SKIP electron-smoke: ${reason} ########\n\n`);
    context.skip(reason);
    return;
  }
  const fake = await startFake('sensu');
  const home = tempWalletHome('tw-electron-');
  const added = await runCli(
    ['add', 'sensu', '--provider', 'sensu', '--url', fake.url, '--username', 'alice', '--password-stdin'],
    { home, input: 's3cret-Pa55\n' },
  );
  assert.equal(added.code, 0, added.stderr);
  const app = await electron.launch({
    executablePath: binary,
    args: [path.join(projectRoot, 'dist', 'main', 'main-test.js')],
    env: { ...process.env, TOKEN_WALLET_HOME: home },
  });
  try {
    const hooks = () => app.evaluate(() => (globalThis as { tokenWalletTest?: unknown }).tokenWalletTest !== undefined);
    for (let attempt = 0; attempt < 100 && !(await hooks()); attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(
      await app.evaluate(() =>
        (globalThis as unknown as { tokenWalletTest: { trayExists(): boolean } }).tokenWalletTest.trayExists(),
      ),
      true,
    );
    await app.evaluate(() =>
      (globalThis as unknown as { tokenWalletTest: { openDashboard(): void } }).tokenWalletTest.openDashboard(),
    );
    const window = await app.firstWindow();
    await window.getByTestId('account-sensu').waitFor();
    await app.evaluate(() =>
      (globalThis as unknown as { tokenWalletTest: { copy(name: string): Promise<unknown> } }).tokenWalletTest.copy(
        'sensu',
      ),
    );
    const copied = await app.evaluate(({ clipboard }) => clipboard.readText());
    assert.ok(fake.isValid(copied), 'the clipboard holds a valid token');
    assert.equal(
      await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require),
      'undefined',
      'no Node in the renderer',
    );
  } finally {
    await app.close();
    await fake.close();
  }
});
