import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../helpers/cli-runner';

/**
 * Finding 10: the Electron smoke test's hook (globalThis.tokenWalletTest) must not ship, and
 * TOKEN_WALLET_DEV=1 must not open DevTools in a packaged app. Checked on the bundle `npm run build`
 * makes, which is what electron-builder packages (dist/**).
 */
const mainBundle = path.join(projectRoot, 'dist', 'main', 'main.js');

test('the production main bundle holds no test hook', () => {
  assert.ok(existsSync(mainBundle), 'run npm run build first');
  const source = readFileSync(mainBundle, 'utf8');
  assert.doesNotMatch(source, /tokenWalletTest/, 'the test hook is compiled out of the production bundle');
});

test('DevTools in the production bundle depend on the app not being packaged', () => {
  const source = readFileSync(mainBundle, 'utf8');
  const devTools = /development\s*=\s*([^;\n]+)/.exec(source);
  assert.ok(devTools !== null, 'the development switch is in the bundle');
  assert.match(devTools[1] ?? '', /!\s*\w+\.isPackaged/, `DevTools need !app.isPackaged, got: ${devTools[1]}`);
});

test('packaging leaves out every test entry point', () => {
  const builder = readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8');
  for (const file of existsSync(path.join(projectRoot, 'dist', 'main')) ? ['main-test.js'] : []) {
    assert.match(builder, new RegExp(`!dist/main/${file.replace('.', '\\.')}`), `${file} is excluded from the package`);
  }
});
