import { after, test } from 'node:test';
import { cleanUpFuzzFiles, fuzzTargets } from './fuzz-targets';

/** Every parser and validator that takes outside input, 10,000 generated cases each (FUZZ_RUNS overrides). */
const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
after(cleanUpFuzzFiles);

for (const target of fuzzTargets) {
  const cases = Math.max(1, Math.round(runs * (target.share ?? 1)));
  test(`${target.name}: ${cases} cases`, async (context) => {
    const started = Date.now();
    await target.property().check(cases);
    context.diagnostic(`${cases} cases in ${Date.now() - started} ms`);
  });
}
