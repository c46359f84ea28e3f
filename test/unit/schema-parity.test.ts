import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { validateRequest, validateUiRequest } from '../../app/contract-validation';
import { WalletError } from '../../app/errors';
import type { HttpResponse } from '../../app/http/http-client';
import { checkToken, serverReason } from '../../app/providers/responses';
import { parseAccountState, parseConfig } from '../../app/store/config-schema';
import {
  legacyParseConfig,
  legacyServerReason,
  legacyTokenAccepted,
  legacyValidateRequest,
  legacyValidateUiRequest,
} from '../helpers/legacy-validators';

/**
 * The valibot schemas against the hand-written validators they replaced (frozen in
 * test/helpers/legacy-validators.ts): the same requests refused, the same ones accepted with the
 * same result, and the same one-line message. Schemas check parameters left to right; the old code
 * had its own order in freshToken, snippet and update, so with faults in two parameters those may
 * name another one first: their messages are compared on requests with one fault.
 */

const numRuns = 10_000;
type Outcome = { ok: unknown } | { error: string };

function outcome(work: () => unknown, kind = 'usage'): Outcome {
  try {
    return { ok: work() };
  } catch (error) {
    assert.ok(error instanceof WalletError && error.kind === kind, `not a ${kind} WalletError: ${String(error)}`);
    return { error: error.message };
  }
}

const methods = [
  ...['list', 'providers', 'get', 'add', 'update', 'remove', 'freshToken', 'snippet', 'renew', 'test'],
  ...['logout', 'login', 'testNew', 'copy', 'constructor', '__proto__', 'toString'],
];
const hostile = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.constantFrom('', 'x'.repeat(4097), null, undefined, -1, 1.5, 2 ** 40, 'env', 'token', {}, [], 'constructor'),
);
const accountLike = fc.record(
  {
    name: hostile,
    provider: fc.oneof(fc.constant('vss'), hostile),
    url: fc.oneof(fc.constant('https://h'), hostile),
    username: hostile,
    caFile: hostile,
    allowHttp: fc.oneof(fc.boolean(), hostile),
    allowOrigins: fc.oneof(fc.array(hostile, { maxLength: 11 }), hostile),
    options: fc.oneof(
      fc.dictionary(fc.constantFrom('scope', 'tokenUrl', 'Bad', 'grant', 'constructor'), hostile),
      hostile,
    ),
    policy: fc.oneof(fc.record({ onDemandOnly: hostile, renewAtFraction: hostile }, { requiredKeys: [] }), hostile),
    evil: hostile,
  },
  { requiredKeys: [] },
);
const anyParams = fc.oneof(
  fc.jsonValue(),
  fc.array(fc.oneof(hostile, accountLike), { maxLength: 5 }),
  fc.tuple(fc.string(), fc.constantFrom('curl', 'httpie', 'header', 'env', 'token'), fc.option(fc.string())),
);

function assertSame(fresh: Outcome, old: Outcome, compareMessages: boolean, what: string): void {
  assert.equal('ok' in fresh, 'ok' in old, `${what}: ${JSON.stringify(fresh)} vs ${JSON.stringify(old)}`);
  if ('ok' in fresh && 'ok' in old) assert.deepStrictEqual(fresh.ok, old.ok, what);
  if (compareMessages && 'error' in fresh && 'error' in old) assert.equal(fresh.error, old.error, what);
}

/** Whether the old validator checked this request's parameters in another order than left to right. */
const reordered = (method: unknown, params: unknown): boolean =>
  method === 'snippet' ||
  method === 'update' ||
  (method === 'freshToken' && Array.isArray(params) && params.length === 2);

test('agent, IPC and WebSocket requests: refused and accepted as before, with the same result and message', () => {
  fc.assert(
    fc.property(fc.oneof(fc.constantFrom(...methods), fc.jsonValue()), anyParams, (method, params) => {
      const what = JSON.stringify([method, params]);
      const compare = !reordered(method, params);
      assertSame(
        outcome(() => validateRequest(method, params)),
        outcome(() => legacyValidateRequest(method, params)),
        compare,
        what,
      );
      assertSame(
        outcome(() => validateUiRequest(method, params)),
        outcome(() => legacyValidateUiRequest(method, params)),
        compare,
        what,
      );
    }),
    { numRuns },
  );
});

const account = { name: 'lab', provider: 'vss', url: 'https://h', username: 'u', options: { scope: 's' } };
const valid: [string, unknown[]][] = [
  ['list', []],
  ['get', ['lab']],
  ['freshToken', ['lab', 60_000]],
  ['snippet', ['lab', 'curl', '/v2/vm']],
  ['add', [account, 'pw', { verify: true, clientSecret: 's' }]],
  ['update', ['lab', { url: 'https://h2', policy: { onDemandOnly: true } }, 'pw', { clientSecret: 's' }]],
  ['copy', ['lab', 'token']],
  ['testNew', [account, 'pw']],
];

/** A valid request with one parameter, or one field of one object parameter, replaced or added. */
const oneFault = fc
  .tuple(fc.constantFrom(...valid), fc.nat(4), fc.option(fc.string({ maxLength: 12 })), hostile)
  .map(([[method, params], index, field, value]) => {
    const faulty = [...params];
    const target = faulty[index];
    if (field !== null && target !== null && typeof target === 'object' && !Array.isArray(target))
      faulty[index] = { ...target, [field]: value };
    else if (index <= faulty.length) faulty[index] = value;
    return [method, faulty] as const;
  });

test('one fault in a request: the same verdict and the same one-line message as before, every method', () => {
  fc.assert(
    fc.property(oneFault, ([method, params]) => {
      const ui = ['copy', 'testNew'].includes(method);
      const fresh = outcome(() => (ui ? validateUiRequest : validateRequest)(method, params));
      const old = outcome(() => (ui ? legacyValidateUiRequest : legacyValidateRequest)(method, params));
      assertSame(fresh, old, true, `${method} ${JSON.stringify(params)}`);
      if ('error' in fresh) assert.doesNotMatch(fresh.error, /\n/);
    }),
    { numRuns },
  );
});

test('the env snippet kind is gone: nothing asked for it, and it put the token on an export line', () => {
  assert.throws(() => validateRequest('snippet', ['lab', 'env']), /snippet kind must be one of curl, httpie, header$/);
});

const configText = fc.oneof(
  fc.json(),
  fc
    .record(
      {
        version: fc.oneof(fc.constant(1), fc.jsonValue()),
        walletId: fc.oneof(fc.string(), fc.jsonValue()),
        accounts: fc.oneof(
          fc.array(
            fc.oneof(
              fc.string().map((id) => ({ id, ...account })),
              accountLike,
              fc.jsonValue(),
            ),
            { maxLength: 3 },
          ),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);

test('config.json: everything refused before is refused, with the same message; what loads, loads alike', () => {
  fc.assert(
    fc.property(configText, (text) => {
      const old = outcome(() => legacyParseConfig(text, 'config.json'), 'config');
      const fresh = outcome(() => parseConfig(text, 'config.json'), 'config');
      if ('error' in old) {
        assert.ok('error' in fresh, `accepted what was refused: ${text}`);
        // The account entry's message now says which entry and field.
        assert.equal(fresh.error.replace(/ \(account \d+[^)]*\)/, ''), old.error, text);
      } else if ('ok' in fresh) {
        const normal = (config: unknown) => JSON.stringify(config).replaceAll(',"createdAt":""', '');
        assert.equal(normal(fresh.ok), normal(old.ok), text);
      }
    }),
    { numRuns },
  );
});

test('config.json: an account field of the wrong type is refused, naming the entry and the field', () => {
  const config = (extra: object) =>
    JSON.stringify({ version: 1, walletId: 'w', accounts: [{ id: 'a', ...account, ...extra }] });
  for (const [extra, field] of [
    [{ options: { scope: 5 } }, 'options.scope'],
    [{ options: { grant: 'magic' } }, 'options.grant'],
    [{ policy: { onDemandOnly: 'yes' } }, 'policy.onDemandOnly'],
    [{ allowHttp: 'true' }, 'allowHttp'],
    [{ allowOrigins: 'https://x' }, 'allowOrigins'],
    [{ caFile: 7 }, 'caFile'],
  ] as const) {
    assert.throws(
      () => parseConfig(config(extra), 'config.json'),
      (error: Error) =>
        error instanceof WalletError &&
        error.kind === 'config' &&
        error.message ===
          `config.json has a malformed account entry (account 1, field ${field}); ` +
            'fix or move it, it was left untouched',
      field,
    );
  }
  // Fields a newer version wrote are kept, and an older home's account without createdAt loads.
  const loaded = parseConfig(config({ createdAt: undefined, future: { x: 1 } }), 'config.json');
  assert.deepEqual((loaded.accounts[0] as unknown as { future: unknown }).future, { x: 1 });
});

test('a state file field that does not fit is unknown; the others, a logout among them, are kept', () => {
  const state = parseAccountState(
    JSON.stringify({ expiresAt: 'soon', issuedAt: 5, lastError: { kind: 1 }, loggedOut: true, junk: 'x' }),
  );
  assert.deepStrictEqual(state, {
    issuedAt: 5,
    expiresAt: null,
    lastRenewalAt: null,
    lastError: null,
    loggedOut: true,
  });
  for (const text of ['[]', 'null', '5', '{', '"x"'])
    assert.deepStrictEqual(parseAccountState(text), {
      issuedAt: null,
      expiresAt: null,
      lastRenewalAt: null,
      lastError: null,
    });
});

const reply = (body: string): HttpResponse => ({ status: 400, headers: {}, body: Buffer.from(body), receivedAt: 0 });

test("server answers: the reason shown and the tokens taken are the old validators' exactly", () => {
  const reasonBody = fc.oneof(
    fc.string(),
    fc.json(),
    fc
      .record(
        { error_description: fc.oneof(fc.string(), fc.jsonValue()), message: fc.jsonValue(), error: fc.string() },
        { requiredKeys: [] },
      )
      .map((value) => JSON.stringify(value)),
  );
  fc.assert(
    fc.property(reasonBody, (body) => {
      assert.equal(serverReason(reply(body)), legacyServerReason(Buffer.from(body)));
    }),
    { numRuns },
  );
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary-ascii', minLength: 1 })), (token) => {
      const accepted = 'ok' in outcome(() => checkToken(token, 'https://h'), 'unexpected');
      assert.equal(accepted, legacyTokenAccepted(token), JSON.stringify(token));
    }),
    { numRuns },
  );
});
