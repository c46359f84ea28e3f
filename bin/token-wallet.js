#!/usr/bin/env node
// The CLI is bundled into dist/ by `npm run build`; this stub only points at it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('token-wallet: not built yet; run `npm ci && npm run build` in the project first\n');
  process.exit(1);
}
const { main } = await import(bundle);
await main(process.argv.slice(2));
