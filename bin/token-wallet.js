#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (bin/package.json) */
// The CLI is bundled into dist/ by `npm run build`; this stub only points at it. It is CommonJS (see
// bin/package.json): an ES module entry would start Node's ES module loader even for `token NAME`,
// which dist/token-fast.cjs answers alone when an agent runs. Anything else loads the full CLI.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const argv = process.argv.slice(2);
const dist = path.join(__dirname, '..', 'dist');
if (!existsSync(path.join(dist, 'cli.js'))) {
  process.stderr.write('token-wallet: not built yet; run `npm ci && npm run build` in the project first\n');
  process.exit(1);
}
// Node ≥ 22.1 can keep compiled code between runs; older versions have no such cache.
const { enableCompileCache } = require('node:module');
if (typeof enableCompileCache === 'function') enableCompileCache();

/** The exit code when dist/token-fast.cjs could answer, else null (nothing printed yet). */
async function fast() {
  if (!['token', 'header', 'curl', 'httpie'].includes(argv[0])) return null;
  return require(path.join(dist, 'token-fast.cjs')).runFast(argv);
}

async function run() {
  const code = await fast();
  if (code !== null) {
    process.exitCode = code;
    return;
  }
  const { pathToFileURL } = require('node:url');
  const { main } = await import(pathToFileURL(path.join(dist, 'cli.js')).href);
  await main(argv);
}

void run();
