import { rmSync } from 'node:fs';
import { build as esbuild } from 'esbuild';

// ESM bundles that pull in CommonJS code need a require of their own.
const requireShim =
  "import { createRequire as __twCreateRequire } from 'node:module'; const require = __twCreateRequire(import.meta.url);";

/** The CLI (and the agent and dashboard server it starts) as one ESM file: fast start-up, keytar left native. */
export async function build() {
  // Chunk names carry content hashes: drop the previous build's.
  rmSync('dist/cli-chunks', { recursive: true, force: true });
  await esbuild({
    entryPoints: { cli: 'app/cli/main.ts' },
    outdir: 'dist',
    bundle: true,
    // Lazy imports become chunks, so `token NAME` with an agent does not parse the wallet, keytar or the dashboard.
    splitting: true,
    chunkNames: 'cli-chunks/[name]-[hash]',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['keytar', 'electron'],
    banner: { js: requireShim },
  });
}
