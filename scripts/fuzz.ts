// `npm run fuzz`: every property-based target of test/security/fuzz-targets.ts with 1,000,000
// generated cases (FUZZ_RUNS overrides), printing the count and time of each.
import { cleanUpFuzzFiles, fuzzTargets } from '../test/security/fuzz-targets';

const runs = Number(process.env.FUZZ_RUNS ?? 1_000_000);
let failed = false;
for (const target of fuzzTargets) {
  const cases = Math.max(1, Math.round(runs * (target.share ?? 1)));
  const started = Date.now();
  try {
    await target.property().check(cases);
    console.log(`fuzz: ${target.name}: ${cases} cases passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed = true;
    console.error(
      `fuzz: ${target.name}: FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s\n${(error as Error).message}`,
    );
  }
}
cleanUpFuzzFiles();
process.exitCode = failed ? 1 : 0;
