import { rmSync } from 'node:fs';
import { build as esbuild } from 'esbuild';

// ESM bundles that pull in CommonJS code need a require of their own.
const requireShim =
  "import { createRequire as __twCreateRequire } from 'node:module'; const require = " +
  '__twCreateRequire(import.meta.url);';

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
    // No comments or indentation: V8 keeps each module's source in memory as long as it runs, as a
    // two-byte string if a single comment holds a non-ASCII character (the agent: 2.2 → 0.85 MiB).
    minifyWhitespace: true,
    logLevel: 'warning',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['keytar', 'electron'],
    banner: { js: requireShim },
  });
  await buildTokenFast();
}

/**
 * `token NAME` with an agent (bin/token-wallet.js tries it first): one CommonJS file, so neither the
 * ES module loader nor chunk look-ups start, and only Node's own modules beside it.
 */
async function buildTokenFast() {
  const result = await esbuild({
    entryPoints: { 'token-fast': 'app/cli/token-fast.ts' },
    outdir: 'dist',
    bundle: true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    platform: 'node',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    target: 'node20',
    metafile: true,
  });
  const [output] = Object.values(result.metafile.outputs).filter((entry) => entry.entryPoint !== undefined);
  const foreign = output.imports.filter((entry) => !entry.path.startsWith('node:'));
  if (foreign.length > 0)
    throw new Error(
      `dist/token-fast.cjs must stand alone; it imports ${foreign.map((entry) => entry.path).join(', ')}`,
    );
}
