import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build as esbuild } from 'esbuild';

const outdir = 'dist/renderer';

/**
 * The dashboard: JS and one CSS file, no inline code, so the strict CSP holds. The entry (app.js)
 * is small and opens the connection at once; React and the views are a chunk it imports, so the
 * WebSocket round trips overlap loading and parsing most of the bundle. Both hosts serve only
 * lower-case file names, and esbuild's chunk hashes are upper case: chunks are renamed.
 */
export async function build() {
  await mkdir(outdir, { recursive: true });
  // Chunk names change with their content: drop the previous build's scripts.
  for (const file of await readdir(outdir)) if (/\.js(\.map)?$/.test(file)) await rm(path.join(outdir, file));
  const result = await esbuild({
    entryPoints: { app: 'renderer/main.tsx' },
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: '[name]-[hash]',
    minify: true,
    sourcemap: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    legalComments: 'none',
    write: false,
  });
  const renames = result.outputFiles
    .map((file) => path.basename(file.path))
    .filter((name) => name.endsWith('.js') && name !== name.toLowerCase())
    .map((name) => [name, name.toLowerCase()]);
  // Chromium's explicit compile hint, for scripts big enough to stream (React): every function is
  // compiled off the main thread while it loads, not lazily on first call (which parsed React twice
  // before the first render). Small scripts are compiled on the main thread: left lazy.
  const hinted = new Set(
    result.outputFiles
      .filter((file) => file.path.endsWith('.js') && file.contents.length > 32 * 1024)
      .map((file) => file.path),
  );
  for (const file of result.outputFiles) {
    let text = file.text;
    for (const [from, to] of renames) text = text.split(from).join(to);
    if (hinted.has(file.path)) text = `//# allFunctionsCalledOnLoad\n${text}`;
    // Its source map: one more (empty) generated line at the top.
    if (hinted.has(file.path.replace(/\.map$/, ''))) text = text.replace('"mappings": "', '"mappings": ";');
    await writeFile(path.join(outdir, path.basename(file.path).toLowerCase()), text);
  }
  await esbuild({
    entryPoints: { app: 'renderer/styles.css' },
    outdir,
    bundle: true,
    minify: true,
    logLevel: 'warning',
  });
  // Every chunk is fetched with the page rather than after app.js runs and asks for it.
  const chunks = result.outputFiles
    .map((file) => path.basename(file.path).toLowerCase())
    .filter((name) => name.endsWith('.js') && name !== 'app.js')
    .sort();
  const preloads = chunks.map((name) => `    <link rel="modulepreload" href="${name}" />\n`).join('');
  const page = await readFile('renderer/index.html', 'utf8');
  const entry = '    <script type="module" src="app.js"></script>\n';
  if (!page.includes(entry))
    throw new Error('renderer/index.html: the app.js script tag is not where the build expects it');
  await writeFile(path.join(outdir, 'index.html'), page.replace(entry, `${entry}${preloads}`));
  await copyFile('renderer/favicon.svg', path.join(outdir, 'favicon.svg'));
}
