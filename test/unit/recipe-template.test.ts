import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { RecipeError, parseRecipe } from '../../app/auth/recipes/recipe-parse';
import { buildRequest } from '../../app/auth/recipes/recipe-request';
import { tokenSetFrom, templateValues } from '../../app/auth/recipes/recipe-provider';
import { TemplateSyntaxError, parseTemplate, renderTemplate } from '../../app/auth/recipes/template';
import { WalletError } from '../../app/errors';
import type { AccountRecord } from '../../app/model';
import type { ProviderContext } from '../../app/providers/provider';

const all = new Set(['username', 'password', 'token', 'refresh_token', 'client_id', 'region']);

test('values are encoded for their place', () => {
  const template = parseTemplate('/v1/{{region}}/x', all);
  assert.equal(renderTemplate(template, { region: 'eu west/../1?a#b' }, 'path'), '/v1/eu%20west%2F..%2F1%3Fa%23b/x');
  assert.equal(renderTemplate(parseTemplate('Bearer {{token}}', all), { token: 'a"b' }, 'header'), 'Bearer a"b');
  assert.throws(
    () => renderTemplate(parseTemplate('Bearer {{token}}', all), { token: 'a\r\nX-Evil: 1' }, 'header'),
    (error: unknown) => error instanceof WalletError && !error.message.includes('X-Evil'),
  );
  assert.throws(() => renderTemplate(parseTemplate('{{password}}', all), { password: 'p' }, 'message'), WalletError);
  assert.throws(
    () => renderTemplate(parseTemplate('{{refresh_token}}', all), {}, 'form'),
    /\{\{refresh_token\}\} has no value/,
  );
});

test('only names: no expressions, filters or stray braces', () => {
  for (const bad of [
    '{{ username | upper }}',
    '{{username.length}}',
    '{{constructor}}',
    '{{',
    'a }} b',
    '${username}{{x}}',
  ]) {
    assert.throws(() => parseTemplate(bad, all), TemplateSyntaxError, bad);
  }
  assert.deepEqual(parseTemplate('${username}', all), [{ text: '${username}' }], 'other syntaxes are just text');
});

const recipeText = `name: t
title: T
options: [{ key: region, label: Region, default: eu }]
login:
  path: /auth/{{region}}
  auth: basic
  headers: { X-User: "{{username}}" }
  body: { json: { u: "{{username}}", p: "{{password}}", nested: [{ r: "{{region}}" }] } }
token: { path: /t, expires_in: /ttl, refresh_token: /r }
refresh:
  path: /refresh
  headers: { Authorization: "Bearer {{token}}" }
  body: { form: { rt: "{{refresh_token}}", u: "{{username}}" } }
use: { header: "Authorization: Bearer {{token}}" }
`;

function context(username: string, password: string): ProviderContext {
  const account: AccountRecord = {
    id: 'i',
    name: 'n',
    provider: 't',
    url: 'https://api.example',
    username,
    options: {},
    createdAt: '',
  };
  return { account, password, http: async () => assert.fail('no request'), now: Date.now };
}

const marker = fc.string({ minLength: 1, maxLength: 40 }).map((text) => `S3CR3T-${text}`);

test('property: any secret lands JSON-/form-encoded where it belongs, or a typed error without it', () => {
  const recipe = parseRecipe(recipeText);
  let encoded = 0;
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), marker, marker, marker, (username, password, token, refreshToken) => {
      const ctx = context(username, password);
      const values = templateValues(recipe, ctx, { accessToken: token, refreshToken, issuedAt: 0, expiresAt: 1 });
      try {
        const login = buildRequest(recipe.login, ctx, values, false);
        assert.deepEqual(JSON.parse(login.body ?? ''), { u: username, p: password, nested: [{ r: 'eu' }] });
        assert.equal(login.url.toString(), 'https://api.example/auth/eu');
        encoded += 1;
        const refresh = buildRequest(recipe.refresh ?? recipe.login, ctx, values, false);
        assert.equal(new URLSearchParams(refresh.body).get('rt'), refreshToken);
        assert.equal(refresh.headers?.Authorization, `Bearer ${token}`);
      } catch (error) {
        assert.ok(error instanceof WalletError, `typed error, got ${String(error)}`);
        for (const secret of [password, token, refreshToken])
          assert.ok(!error.message.includes(secret), 'no secret in the message');
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(encoded > 200, `most runs build both requests (${encoded})`);
});

test('property: the recipe parser throws nothing but RecipeError, whatever the text', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 400 }),
        fc.jsonValue().map((value) => stringify(value)),
        fc.jsonValue().map((value) => JSON.stringify(value)),
      ),
      (text) => {
        try {
          parseRecipe(text, 'p.yaml');
        } catch (error) {
          assert.ok(error instanceof RecipeError, `RecipeError, got ${String(error)}`);
          for (const line of error.problems) assert.ok(!line.includes('\n'), 'one line per problem');
        }
      },
    ),
    { numRuns: 500 },
  );
});

test('property: a valid recipe with any field replaced by any value is accepted or refused with RecipeError', () => {
  const base = parseRecipe(recipeText) as unknown as Record<string, unknown>;
  const paths = [
    ['name'],
    ['login'],
    ['login', 'path'],
    ['login', 'body'],
    ['login', 'body', 'json'],
    ['login', 'headers'],
    ['token', 'path'],
    ['token', 'expires_in'],
    ['token', 'lifetime'],
    ['refresh', 'body', 'form'],
    ['use'],
    ['use', 'header'],
    ['options'],
    ['errors'],
    ['login', 'ok'],
  ];
  fc.assert(
    fc.property(fc.constantFrom(...paths), fc.anything({ maxDepth: 3 }), (path, value) => {
      const copy = structuredClone(base);
      let node = copy as Record<string, unknown>;
      for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
      node[path.at(-1) ?? ''] = value;
      let text: string;
      try {
        text = JSON.stringify(copy);
      } catch {
        return;
      }
      if (text === undefined) return;
      try {
        parseRecipe(text, 'm.json');
      } catch (error) {
        assert.ok(error instanceof RecipeError, `RecipeError, got ${String(error)}`);
      }
    }),
    { numRuns: 500 },
  );
});

test('property: answers of any shape give a token set or a typed error without the secret in it', () => {
  const recipe = parseRecipe(recipeText);
  fc.assert(
    fc.property(
      marker,
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom('/t', '/ttl', '/r', '/x'),
      fc.integer({ min: 100, max: 599 }),
      (secret, noise, where, _status) => {
        const body = JSON.stringify({ noise, [where.slice(1)]: secret, ttl: noise });
        try {
          const set = tokenSetFrom(
            recipe.token,
            { status: 200, headers: {}, body: Buffer.from(body), receivedAt: 1_000 },
            'https://s',
          );
          assert.ok(set.expiresAt > set.issuedAt);
        } catch (error) {
          assert.ok(error instanceof WalletError, `typed error, got ${String(error)}`);
          assert.ok(!error.message.includes(secret));
        }
      },
    ),
    { numRuns: 300 },
  );
});
