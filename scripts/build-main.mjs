import { build as esbuild } from 'esbuild';

const requireShim = "import { createRequire as __twCreateRequire } from 'node:module'; const require = __twCreateRequire(import.meta.url);";

/** The Electron main process (ESM) and its sandboxed preload (CommonJS, may only require electron). */
export async function build() {
  const common = { bundle: true, sourcemap: true, legalComments: 'none', logLevel: 'warning', platform: 'node', target: 'node20' };
  await esbuild({
    ...common,
    entryPoints: { main: 'main/main.ts' },
    outdir: 'dist/main',
    format: 'esm',
    external: ['electron', 'keytar'],
    banner: { js: requireShim },
  });
  await esbuild({
    ...common,
    entryPoints: { preload: 'main/preload.ts' },
    outfile: 'dist/main/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  });
}
