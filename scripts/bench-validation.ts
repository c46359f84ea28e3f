/**
 * Micro-benchmark of the agent's token path validation (`freshToken` over the agent socket): the
 * schema-based validateRequest against the frozen hand-written one (test/helpers/legacy-validators.ts),
 * plus JSON.parse of the same request line for scale. Prints medians; not a test (timings are noisy).
 * Run: node --import tsx scripts/bench-validation.ts
 */
import { validateRequest, validateUiRequest } from '../app/contract-validation';
import { legacyValidateRequest, legacyValidateUiRequest } from '../test/helpers/legacy-validators';

const cases: [string, string, unknown[]][] = [
  ['freshToken [name]', 'freshToken', ['vss-lab']],
  ['freshToken [name, minValidMs]', 'freshToken', ['vss-lab', 60_000]],
  ['snippet [name, curl, path]', 'snippet', ['vss-lab', 'curl', '/v2/vm']],
  [
    'add [account, password]',
    'add',
    [{ name: 'a', provider: 'vss', url: 'https://h', username: 'u', options: { tokenUrl: 'https://t' } }, 'pw'],
  ],
];

function nsPerOp(work: () => void, iterations: number): number {
  const rounds: number[] = [];
  for (let round = 0; round < 9; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) work();
    rounds.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  rounds.sort((a, b) => a - b);
  return rounds[4] ?? Number.NaN;
}

const iterations = 200_000;
console.log(`median ns per call over 9 rounds of ${iterations.toLocaleString('en')} calls`);
console.log(['case', 'schema', 'hand-written', 'JSON.parse of the line'].join(' | '));
for (const [label, method, params] of cases) {
  const line = JSON.stringify({ id: 1, method, params });
  const schema = nsPerOp(() => validateRequest(method, params), iterations);
  const legacy = nsPerOp(() => legacyValidateRequest(method, params), iterations);
  const parse = nsPerOp(() => JSON.parse(line), iterations);
  console.log([label, schema.toFixed(0), legacy.toFixed(0), parse.toFixed(0)].join(' | '));
}
const ui = nsPerOp(() => validateUiRequest('copy', ['vss-lab', 'token']), iterations);
const uiLegacy = nsPerOp(() => legacyValidateUiRequest('copy', ['vss-lab', 'token']), iterations);
console.log(['ui copy [name, token]', ui.toFixed(0), uiLegacy.toFixed(0), '-'].join(' | '));
