import { copyFile, mkdir } from 'node:fs/promises';
import { build as esbuild } from 'esbuild';

/** The dashboard: one JS and one CSS file, no inline code, so the strict CSP holds. */
export async function build() {
  await mkdir('dist/renderer', { recursive: true });
  await esbuild({
    entryPoints: { app: 'renderer/main.tsx' },
    outdir: 'dist/renderer',
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    legalComments: 'none',
  });
  await esbuild({ entryPoints: { app: 'renderer/styles.css' }, outdir: 'dist/renderer', bundle: true, minify: true, logLevel: 'warning' });
  await copyFile('renderer/index.html', 'dist/renderer/index.html');
  await copyFile('renderer/favicon.svg', 'dist/renderer/favicon.svg');
}
