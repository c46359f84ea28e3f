/**
 * Micro-benchmark of request validation on the agent's token path (`freshToken` over the agent
 * socket): today's validateRequest (the schemas), the schemas without the method lookup, and the
 * hand-written validator they replaced (frozen in test/helpers/legacy-validators.ts), with
 * JSON.parse of the same request line for scale. Rounds alternate between the candidates so load on
 * a shared machine hits them alike, and counts this process's CPU time; prints the minimum and
 * median ns per call. Not a test.
 * Run: node --expose-gc --import tsx scripts/bench-validation.ts
 */
import * as v from 'valibot';
import { paramsSchema, uiOnlyParamSchemas, walletParamSchemas } from '../app/contract-schema';
import { validateRequest, validateUiRequest } from '../app/contract-validation';
import type { WalletMethod } from '../app/contract';
import { legacyValidateRequest, legacyValidateUiRequest } from '../test/helpers/legacy-validators';

const account = { name: 'a', provider: 'vss', url: 'https://h', username: 'u', options: { tokenUrl: 'https://t' } };
const cases: [WalletMethod, unknown[]][] = [
  ['freshToken', ['vss-lab']],
  ['freshToken', ['vss-lab', 60_000]],
  ['snippet', ['vss-lab', 'curl', '/v2/vm']],
  ['add', [account, 'pw']],
];

const config = { abortEarly: true } as const;
const params4 = paramsSchema(4);
const schemaOnly = (method: WalletMethod, params: unknown[]) => () => {
  const args = v.parse(params4, params, config);
  v.parse(walletParamSchemas[method], args, config);
};

const collect = (globalThis as { gc?: () => void }).gc;

function timeRound(work: () => void, iterations: number): number {
  // One candidate's garbage must not be collected in another's round (node --expose-gc).
  collect?.();
  // CPU time of this process, not wall time: on a shared machine, time spent preempted is not ours.
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) work();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / iterations;
}

/** Minimum and median ns per call of each candidate, rounds interleaved. */
function compare(candidates: Record<string, () => void>, iterations = 100_000, rounds = 21): Record<string, string> {
  const times: Record<string, number[]> = {};
  for (const work of Object.values(candidates)) timeRound(work, iterations); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [name, work] of Object.entries(candidates)) (times[name] ??= []).push(timeRound(work, iterations));
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, list]) => {
      list.sort((a, b) => a - b);
      return [name, `${list[0]?.toFixed(0)} / ${list[Math.floor(list.length / 2)]?.toFixed(0)}`];
    }),
  );
}

const rows: Record<string, Record<string, string>> = {};
for (const [method, params] of cases) {
  const line = JSON.stringify({ id: 1, method, params });
  rows[`${method} ${JSON.stringify(params).slice(0, 40)}`] = compare({
    validateRequest: () => validateRequest(method, params),
    'schemas only': schemaOnly(method, params),
    'hand-written (old)': () => legacyValidateRequest(method, params),
    'JSON.parse of the line': () => JSON.parse(line),
  });
}
rows['ui copy ["vss-lab","token"]'] = compare({
  validateRequest: () => validateUiRequest('copy', ['vss-lab', 'token']),
  'schemas only': () => v.parse(uiOnlyParamSchemas.copy, ['vss-lab', 'token'], config),
  'hand-written (old)': () => legacyValidateUiRequest('copy', ['vss-lab', 'token']),
});
console.log('ns per call, minimum / median over 21 interleaved rounds of 100,000 calls');
console.table(rows);
