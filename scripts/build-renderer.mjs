import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
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
  // React and the views: a pre-rendered page leaves them until its rows are painted (app/dashboard/app-page.ts).
  const preloads = chunks
    .map(
      (name) =>
        `    <link rel="modulepreload" href="${name}"${name.startsWith('view-') ? ' data-after-paint' : ''} />\n`,
    )
    .join('');
  const page = await readFile('renderer/index.html', 'utf8');
  const entry = '    <script type="module" src="app.js"></script>\n';
  const stylesheet = '    <link rel="stylesheet" href="app.css" />\n';
  if (!page.includes(entry) || !page.includes(stylesheet))
    throw new Error('renderer/index.html: the app.js script or app.css link is not where the build expects it');
  // The stylesheet goes inline: the first paint then waits for the page alone, not one more request.
  // Its hash joins the page's CSP (the hosts add it to theirs: app/dashboard/page-policy.ts).
  const css = `${(await readFile(path.join(outdir, 'app.css'), 'utf8')).trim()}${lifetimeSteps()}`;
  await writeFile(path.join(outdir, 'app.css'), css);
  if (css.includes('</')) throw new Error('app.css: "</" cannot go inside an inline <style>');
  const hash = `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
  const built = page
    .replace("style-src 'self'", `style-src 'self' ${hash}`)
    .replace(stylesheet, `    <style>${css}</style>\n`)
    .replace(entry, `${entry}${preloads}`);
  await writeFile(path.join(outdir, 'index.html'), built);
  await copyFile('renderer/favicon.svg', path.join(outdir, 'favicon.svg'));
  await buildPrerender();
}

/** The expiry bar's width per percent (renderer/styles.css): a class, since the CSP refuses style attributes. */
function lifetimeSteps() {
  return Array.from({ length: 101 }, (_, step) => `.lifetime-fill.p${step}{transform:scaleX(${step / 100})}`).join('');
}

/**
 * The same views for Node: the dashboard host draws a page's first screen with them
 * (app/dashboard/prerender-loader.ts). Outside dist/renderer, which is served as static files.
 */
async function buildPrerender() {
  await esbuild({
    entryPoints: { dashboard: 'renderer/prerender.tsx' },
    outdir: 'dist/prerender',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    legalComments: 'none',
    // React's server renderer is CommonJS that requires Node's own modules.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
}
