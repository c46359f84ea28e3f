import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { projectRoot } from '../helpers/cli-runner';

/** The layering rules are lint rules; these cases prove they bite. */
const eslint = new ESLint({ cwd: projectRoot });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(projectRoot, filePath) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

const restricted = '@typescript-eslint/no-restricted-imports';

test('app/ may not import electron, react or zustand', async () => {
  for (const module of ['electron', 'react', 'zustand']) {
    assert.deepEqual(
      await ruleIds(`import { x } from '${module}';\nexport const y = x;\n`, 'app/rogue.ts'),
      [restricted],
      module,
    );
  }
  assert.deepEqual(await ruleIds(`import { x } from '../main/main';\nexport const y = x;\n`, 'app/rogue.ts'), [
    restricted,
  ]);
});

test('renderer/ may not reach Node, Electron or keytar, and takes only types from app/', async () => {
  assert.deepEqual(
    await ruleIds(`import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n`, 'renderer/rogue.ts'),
    [restricted],
  );
  assert.deepEqual(
    await ruleIds(`import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;\n`, 'renderer/rogue.ts'),
    [restricted],
  );
  assert.deepEqual(
    await ruleIds(`import { Wallet } from '../app/wallet';\nexport const y = Wallet;\n`, 'renderer/rogue.ts'),
    [restricted],
  );
  assert.deepEqual(
    await ruleIds(
      `import type { AccountView } from '../app/model';\nexport type Y = AccountView;\n`,
      'renderer/rogue.ts',
    ),
    [],
  );
  assert.deepEqual(
    await ruleIds(`import { RpcClient } from '../app/common/rpc';\nexport const y = RpcClient;\n`, 'renderer/rogue.ts'),
    [],
    'the pure layer is shared',
  );
});

test('app/common/ is pure: no Node built-ins, nothing from the rest of app/', async () => {
  assert.deepEqual(
    await ruleIds(`import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n`, 'app/common/rogue.ts'),
    [restricted],
  );
  assert.deepEqual(
    await ruleIds(`import { Wallet } from '../wallet';\nexport const y = Wallet;\n`, 'app/common/rogue.ts'),
    [restricted],
  );
  assert.deepEqual(
    await ruleIds(`import { RpcClient } from './rpc';\nexport const y = RpcClient;\n`, 'app/common/rogue.ts'),
    [],
  );
});

test('raw ipcMain / ipcRenderer only in the one IPC wrapper and the preload', async () => {
  assert.deepEqual(await ruleIds(`import { ipcMain } from 'electron';\nexport const y = ipcMain;\n`, 'main/rogue.ts'), [
    restricted,
  ]);
  assert.deepEqual(
    await ruleIds(`import { ipcMain } from 'electron';\nexport const y = ipcMain;\n`, 'main/ipc.ts'),
    [],
  );
});

test('keytar, ws and pino enter app/ in one module each', async () => {
  assert.deepEqual(await ruleIds(`import keytar from 'keytar';\nexport const y = keytar;\n`, 'app/wallet-rogue.ts'), [
    restricted,
  ]);
  assert.deepEqual(
    await ruleIds(`import { WebSocketServer } from 'ws';\nexport const y = WebSocketServer;\n`, 'app/agent/rogue.ts'),
    [restricted],
  );
  assert.deepEqual(await ruleIds(`import pino from 'pino';\nexport const y = pino;\n`, 'app/cli/rogue.ts'), [
    restricted,
  ]);
  assert.deepEqual(
    await ruleIds(
      `import { WebSocketServer } from 'ws';\nexport const y = WebSocketServer;\n`,
      'app/dashboard/rogue.ts',
    ),
    [],
  );
});

test('no default exports', async () => {
  assert.deepEqual(await ruleIds(`const x = 1;\nexport default x;\n`, 'app/rogue.ts'), ['no-restricted-syntax']);
});

test('file names are kebab-case and there is one package.json', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(name) && !/^[a-z0-9]+(-[a-z0-9]+)*(\.test)?\.(ts|tsx)$/.test(name))
        offenders.push(path.relative(projectRoot, full));
    }
  };
  for (const folder of ['app', 'main', 'renderer', 'test', 'scripts']) walk(path.join(projectRoot, folder));
  assert.deepEqual(offenders, []);
  assert.equal(
    existsSync(path.join(projectRoot, 'app', 'package.json')),
    false,
    'electron-builder would take app/ for the application folder',
  );
});
