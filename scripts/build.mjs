// Bundles each runtime with esbuild (type checking is `npm run typecheck`). Each runtime's build
// lives in its own scripts/build-*.mjs, exporting `build()`, so they can change independently.
import { existsSync } from 'node:fs';

for (const part of ['cli', 'renderer', 'main']) {
  const file = new URL(`./build-${part}.mjs`, import.meta.url);
  if (!existsSync(file)) continue;
  const { build } = await import(file);
  await build();
}
