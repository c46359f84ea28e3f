import { build as esbuild } from 'esbuild';

const requireShim =
  "import { createRequire as __twCreateRequire } from 'node:module'; const require = " +
  '__twCreateRequire(import.meta.url);';

/**
 * The Electron main process (ESM) and its sandboxed preload (CommonJS, may only require electron).
 * main.js is what gets packaged: its test hooks are compiled out (define false, dead code dropped).
 * main-test.js, with the hooks, is for the Electron smoke test only and is left out of the package.
 */
export async function build() {
  const common = {
    bundle: true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    platform: 'node',
    target: 'node20',
  };
  const mainProcess = {
    ...common,
    outdir: 'dist/main',
    format: 'esm',
    external: ['electron', 'keytar'],
    banner: { js: requireShim },
    minifySyntax: true,
    // As the CLI's (build-cli.mjs): less source for V8 to keep in memory.
    minifyWhitespace: true,
  };
  await esbuild({
    ...mainProcess,
    entryPoints: { main: 'main/main.ts' },
    define: { __TOKEN_WALLET_TEST_HOOKS__: 'false' },
  });
  await esbuild({
    ...mainProcess,
    entryPoints: { 'main-test': 'main/main.ts' },
    define: { __TOKEN_WALLET_TEST_HOOKS__: 'true' },
  });
  await esbuild({
    ...common,
    entryPoints: { preload: 'main/preload.ts' },
    outfile: 'dist/main/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  });
}
