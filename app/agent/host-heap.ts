import v8 from 'node:v8';

/**
 * V8 flags for a long-running host (`token-wallet agent`, `dashboard`, the app's main process), set
 * at run time: `--max-semi-space-size` would need node re-started with it (a second process waiting
 * for the first: more memory, not less), but these are read each time V8 decides or compiles, so setting
 * them at start is enough. `npm run bench`, 10,000 accounts, medians: peak RSS 131 → 103 MiB with
 * the second flag, CPU per renewal unchanged; 229 MiB before any of this work.
 *
 * - `--semi-space-growth-factor=1`: V8 grows the young generation up to 16 MiB a semi-space (32 MiB
 *   resident) under a renewal's load, though little of it survives; this keeps it at its first size
 *   (more scavenges, each cheap because little is live).
 * - `--heap-growing-percent=30`: after a full collection the old generation may grow by 30 % before
 *   the next, not V8's up to 4× (for a heap of a few tens of MiB that stays about the same size).
 * - `--liftoff-only`: undici's HTTP parser (app/http/http-client.ts) is WebAssembly. Once it is hot,
 *   V8 recompiles it with its optimizing compiler on a background thread, which holds about 30 MiB
 *   for a moment: that moment was the agent's peak RSS (bench: 125 MiB, steady about 110). Parsing
 *   a token answer with V8's baseline code costs no CPU we could measure (a bare login: 0.12 ms).
 *
 * Measured and not taken: `--optimize-for-size` (RSS 99 MiB but ~15 % more CPU: it also optimizes
 * code less), `--lite-mode` (no optimizing compiler), `--max-old-space-size` (a cap to crash at,
 * not a saving).
 */
export const hostV8Flags: readonly string[] = [
  '--semi-space-growth-factor=1',
  '--heap-growing-percent=30',
  '--liftoff-only',
];

let applied = false;

/** Applies hostV8Flags to this process, once; as early as possible: a grown young generation stays grown. */
export function limitHostHeap(): void {
  if (applied) return;
  applied = true;
  for (const flag of hostV8Flags) v8.setFlagsFromString(flag);
}
