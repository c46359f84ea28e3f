// Bundles each runtime's entry point with esbuild; type checking is `npm run typecheck`.
import { build } from 'esbuild';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
// ESM bundles that pull in CommonJS code need a require of their own.
const requireShim = "import { createRequire as __twCreateRequire } from 'node:module'; const require = __twCreateRequire(import.meta.url);";

await build({
  ...common,
  entryPoints: { cli: 'app/cli/main.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['keytar', 'electron'],
  banner: { js: requireShim },
});
