import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startFake, type Fake } from '../fakes/index';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { cliPath, projectRoot, runCli, tempWalletHome, type CliResult } from '../helpers/cli-runner';
import { addAccount } from '../helpers/tools-setup';

/**
 * `token NAME` (header, curl, httpie) with an agent running is answered by dist/token-fast.cjs alone
 * (issue 11: ≤ 1.25× a bare node start). Every module file the bin loads is recorded, CommonJS
 * (require.cache at exit) and ES modules (a resolve hook), so the test fails when the full CLI loads;
 * and each case's output and exit code must equal the full CLI's.
 */
const recorderDir = mkdtempSync(path.join(os.tmpdir(), 'tw-modules-'));
const hooks = `import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith('file:')) appendFileSync(out, 'esm ' + resolved.url + '\\n');
  return resolved;
}`;
const recorder = `const { appendFileSync } = require('node:fs');
const out = process.env.TW_MODULE_RECORD;
const hooks = 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)});
require('node:module').register(hooks, { data: { out } });
process.on('exit', () =>
  appendFileSync(out, Object.keys(require.cache).map((file) => 'cjs ' + file + '\\n').join('')));`;
const recorderFile = path.join(recorderDir, 'record-modules.cjs');
writeFileSync(recorderFile, recorder);

function collect(args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

let records = 0;
/** The bin as a user runs it, and the project files it loaded (relative paths), in load order, once each. */
async function viaBin(args: string[], env: Record<string, string>, cwd = projectRoot) {
  const out = path.join(recorderDir, `run-${(records += 1)}.txt`);
  const result = await collect(['--require', recorderFile, cliPath, ...args], { ...env, TW_MODULE_RECORD: out }, cwd);
  const files = readFileSync(out, 'utf8')
    .split('\n')
    .filter((row) => row !== '')
    .map((row) => row.replace(/^(cjs|esm) /, '').replace(/^file:\/\//, ''))
    .filter((file) => file.startsWith(projectRoot))
    .map((file) => path.relative(projectRoot, file));
  return { result, files: [...new Set(files)] };
}

/** The full CLI (dist/cli.js main), bypassing the bin's fast path: what the fast path must match. */
function viaFullCli(args: string[], env: Record<string, string>, cwd = projectRoot): Promise<CliResult> {
  const bundle = pathToFileURL(path.join(projectRoot, 'dist', 'cli.js')).href;
  const code = 'import(process.argv[1]).then((cli) => cli.main(process.argv.slice(2)))';
  return collect(['-e', code, '--', bundle, ...args], env, cwd);
}

const fastFiles = ['bin/token-wallet.js', 'dist/token-fast.cjs'];

describe('token NAME with an agent: the fast path, same answers as the full CLI', () => {
  let sensu: Fake;
  let agent: AgentProcess | undefined;
  const home = tempWalletHome('tw-tokenfast-');
  const env = { TOKEN_WALLET_HOME: home };
  const contextDir = mkdtempSync(path.join(os.tmpdir(), 'tw-context-'));

  before(async () => {
    sensu = await startFake('sensu', { lifetimeSec: 3600 });
    await addAccount(home, 'sensu1', 'sensu', sensu.url);
    await addAccount(home, 'sensu2', 'sensu', sensu.url);
    await addAccount(home, 'broken', 'sensu', sensu.url, 'wrong-password', ['--no-verify']);
    writeFileSync(path.join(contextDir, '.token-wallet'), 'sensu2\n');
    mkdirSync(path.join(contextDir, 'sub'));
  });
  after(async () => {
    await agent?.stop();
    await sensu.close();
    rmSync(recorderDir, { recursive: true, force: true });
    rmSync(contextDir, { recursive: true, force: true });
  });

  test('without an agent, token NAME loads the full CLI (so the recorder does see it) and works', async () => {
    const { result, files } = await viaBin(['token', 'sensu1'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(sensu.isValid(result.stdout.trim()));
    assert.ok(files.includes('dist/cli.js'), files.join(', '));
    assert.ok(
      files.some((file) => file.startsWith('dist/cli-chunks/')),
      files.join(', '),
    );
    agent = await startAgent(home);
  });

  test('with an agent, token NAME loads the bin and dist/token-fast.cjs, no other file', async () => {
    const { result, files } = await viaBin(['token', 'sensu1'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(sensu.isValid(result.stdout.trim()));
    assert.deepEqual(files, fastFiles);
  });

  test('help and --verbose are left to the full CLI', async () => {
    for (const args of [
      ['token', 'sensu1', '--help'],
      ['token', '--verbose', 'sensu1'],
    ]) {
      const { result, files } = await viaBin(args, env);
      assert.ok(files.includes('dist/cli.js'), `${args.join(' ')}: ${files.join(', ')}`);
      assert.deepEqual(result, await viaFullCli(args, env), args.join(' '));
    }
  });

  const cases: Array<{ args: string[]; env?: Record<string, string>; cwd?: string; code: number }> = [
    { args: ['token', 'sensu1'], code: 0 },
    { args: ['token', 'sensu1', '--json'], code: 0 },
    { args: ['token', '--min-valid', '10m', 'sensu1'], code: 0 },
    { args: ['token', 'sensu1', '--min-valid=10m', '--json'], code: 0 },
    { args: ['token', 'sensu1', '--min-valid', '3h'], code: 5 },
    { args: ['token', 'sensu1', '--min-valid', 'soon'], code: 2 },
    { args: ['token', 'sensu'], code: 2 },
    { args: ['token', 'nobody-like-this'], code: 2 },
    { args: ['token', 'sensu1', 'extra'], code: 2 },
    { args: ['token', 'sensu1', '--jsn'], code: 2 },
    { args: ['token', 'broken'], code: 3 },
    { args: ['token'], code: 2 },
    { args: ['token'], env: { TOKEN_WALLET_ACCOUNT: 'sensu2' }, code: 0 },
    { args: ['token', '--json'], cwd: 'sub', code: 0 },
    { args: ['token'], env: { TOKEN_WALLET_ACCOUNT: 'nobody' }, cwd: 'sub', code: 2 },
    { args: ['header', 'sensu1'], code: 0 },
    { args: ['header', 'sensu'], code: 2 },
    { args: ['curl', 'sensu1', '/api/core/v2/namespaces'], code: 0 },
    { args: ['httpie', '/api/core/v2/namespaces'], cwd: 'sub', code: 0 },
  ];
  for (const { args, env: extra = {}, cwd, code } of cases) {
    const where = `${Object.entries(extra)
      .map(([key, value]) => `${key}=${value} `)
      .join('')}${args.join(' ')}${cwd === undefined ? '' : ' (in a .token-wallet directory)'}`;
    test(`${where}: exit ${code}, as the full CLI, without loading it`, async () => {
      const dir = cwd === undefined ? projectRoot : path.join(contextDir, cwd);
      const full = await viaFullCli(args, { ...env, ...extra }, dir);
      const { result, files } = await viaBin(args, { ...env, ...extra }, dir);
      assert.deepEqual(files, fastFiles, 'the fast path was taken');
      // The lifetime the API issues is measured from each renewal's own clock: 3599 s or 3600 s.
      const seconds = (outcome: CliResult) => ({ ...outcome, stderr: outcome.stderr.replace(/\d+ s\b/g, 'N s') });
      assert.deepEqual(seconds(result), seconds(full));
      assert.equal(result.code, code, result.stderr);
      if (code !== 0) assert.equal(result.stdout, '', 'nothing on stdout when there is no token');
      else assert.doesNotMatch(result.stderr, /./);
    });
  }

  test('a logged-out account: the same outcome as the full CLI (a login, then the token)', async () => {
    const results: CliResult[] = [];
    for (const run of [
      () => viaFullCli(['token', 'sensu2'], env),
      async () => (await viaBin(['token', 'sensu2'], env)).result,
    ]) {
      const logout = await runCli(['logout', 'sensu2'], { home });
      assert.equal(logout.code, 0, logout.stderr);
      results.push(await run());
    }
    const [full, fast] = results as [CliResult, CliResult];
    assert.deepEqual({ ...fast, stdout: '' }, { ...full, stdout: '' });
    assert.equal(fast.code, 0, fast.stderr);
    assert.ok(sensu.isValid(fast.stdout.trim()) && sensu.isValid(full.stdout.trim()));
  });
});
