import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { build } from 'esbuild';
import { uiMethods } from '../../app/ui-contract';
import { UiService } from '../../app/ui-service';

/** Bundles a main/ file as Electron would load it, and runs it against a recording fake of electron. */
async function runWithFakeElectron(entry: string, fake: Record<string, unknown>): Promise<void> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    external: ['electron'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  const module = { exports: {} };
  const fakeRequire = (name: string): unknown => {
    if (name === 'electron') return fake;
    throw new Error(`a sandboxed preload may only require electron, not ${name}`);
  };
  vm.runInNewContext(code, { require: fakeRequire, module, exports: module.exports, console });
}

test('the preload exposes exactly the UI contract’s method table, each on its own channel', async () => {
  let exposed: Record<string, unknown> = {};
  const invoked: string[] = [];
  await runWithFakeElectron('main/preload.ts', {
    contextBridge: { exposeInMainWorld: (_key: string, api: Record<string, unknown>) => (exposed = api) },
    ipcRenderer: {
      invoke: async (channel: string) => invoked.push(channel),
      on: () => undefined,
      removeListener: () => undefined,
    },
  });
  assert.deepEqual(Object.keys(exposed).sort(), [...uiMethods, 'onEvent'].sort());
  for (const method of uiMethods) await (exposed[method] as () => Promise<unknown>)();
  assert.deepEqual(
    invoked,
    uiMethods.map((method) => `token-wallet:${method}`),
  );
});

test('main registers a handler for every method of the table, and the service implements each', async () => {
  const handled: string[] = [];
  const main = { ipcMain: { handle: (channel: string) => handled.push(channel), removeHandler: () => undefined } };
  const code =
    `const { registerUiIpc } = require('./main/ipc.ts'); registerUiIpc({ onEvent: () => () => undefined ` +
    `}, () => null);`;
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    external: ['electron'],
    logLevel: 'silent',
  });
  const module = { exports: {} };
  vm.runInNewContext(result.outputFiles[0]?.text ?? '', {
    require: (name: string) => (name === 'electron' ? main : createRequire(import.meta.url)(name)),
    module,
    exports: module.exports,
  });
  assert.deepEqual(
    handled,
    uiMethods.map((method) => `token-wallet:${method}`),
  );
  for (const method of uiMethods) assert.equal(typeof UiService.prototype[method], 'function', method);
});
