import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { builtinRecipeTexts } from '../../app/auth/recipes/builtin/index';
import { RecipeError, maxRecipeBytes, parseRecipe } from '../../app/auth/recipes/recipe-parse';
import { projectRoot } from '../helpers/cli-runner';

const minimal = `name: acme
title: ACME
login:
  path: /login
  auth: basic
token:
  path: /token
  lifetime: 600
use:
  header: "Authorization: Bearer {{token}}"
`;

function problems(text: string): string[] {
  try {
    parseRecipe(text, 'r.yaml');
  } catch (error) {
    assert.ok(error instanceof RecipeError, `a RecipeError, not ${String(error)}`);
    assert.equal(error.kind, 'usage');
    return [...error.problems];
  }
  assert.fail('the recipe was accepted');
}

test('every built-in recipe and both test fixtures parse', () => {
  for (const [name, text] of Object.entries(builtinRecipeTexts)) assert.equal(parseRecipe(text, name).name, name);
  for (const file of ['keystone.yaml', 'acme.json'])
    parseRecipe(readFileSync(path.join(projectRoot, 'test', 'fixtures', 'recipes', file), 'utf8'), file);
});

test('defaults: POST, no auth, token from the body', () => {
  const recipe = parseRecipe(minimal);
  assert.equal(recipe.login.method, 'POST');
  assert.equal(recipe.token.from, 'body');
});

test('schema problems: one line each, with the line and the path in the file', () => {
  const lines = problems(
    minimal.replace('name: acme', 'name: ACME!').replace('  auth: basic', '  auth: digest\n  retries: 3'),
  );
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.ok(
    lines.includes(
      'r.yaml:1: name: must be lower-case letters, digits and dashes, starting with a letter (at most 40)',
    ),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((line) => /^r\.yaml:5: login\.auth: /.test(line)),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((line) => /^r\.yaml:6: login\.retries: is not a field of this section$/.test(line)),
    lines.join('\n'),
  );
  for (const line of lines) assert.ok(!line.includes('\n'));
});

test('template, pointer and usage problems are reported where they are', () => {
  const text = minimal
    .replace(
      '  path: /login',
      '  path: /login/{{password}}\n  body: { json: { user: "{{usr}}", n: [1, "{{ username }}"] } }',
    )
    .replace('  path: /token', '  path: token~2')
    .replace('Bearer {{token}}', 'Bearer {{token}} {{token}}');
  const lines = problems(text);
  assert.ok(
    lines.some((line) => /^r\.yaml:4: login\.path: a secret cannot go into a URL/.test(line)),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((line) =>
      /^r\.yaml:5: login\.body\.json\.user: \{\{usr\}\} is not a value this place can use/.test(line),
    ),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((line) => /token\.path: "token~2" is not a JSON pointer/.test(line)),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((line) => /use\.header: must use \{\{token\}\} exactly once/.test(line)),
    lines.join('\n'),
  );
  assert.ok(!lines.some((line) => line.includes('n[1]')), 'a well-formed template with spaces is fine');
});

test('a login cannot name the token; a refresh with {{refresh_token}} must say where the answer has it', () => {
  assert.ok(
    problems(minimal.replace('  auth: basic', '  headers: { X-T: "{{token}}" }')).some((line) =>
      /login\.headers\.X-T: \{\{token\}\} is not a value/.test(line),
    ),
  );
  const refresh = `${minimal}refresh:\n  path: /refresh\n  body: { form: { rt: "{{refresh_token}}" } }\n`;
  assert.ok(problems(refresh).some((line) => /token\.refresh_token: refresh uses/.test(line)));
});

test('expiry: one of expires_in, expires_at, lifetime is required', () => {
  assert.ok(
    problems(minimal.replace('  lifetime: 600\n', '')).some((line) =>
      /token: needs expires_in, expires_at or lifetime/.test(line),
    ),
  );
});

test('untrusted YAML: aliases capped, custom tags and duplicate keys refused, size capped', () => {
  const bomb = [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, ` +
        `*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, ` +
        `*${String.fromCharCode(97 + i)}]`,
    ),
  ].join('\n');
  assert.ok(problems(bomb).some((line) => /not valid YAML|alias/i.test(line)));
  assert.ok(problems(`${minimal}description: !js/function "x"\n`).length > 0);
  assert.ok(
    problems(minimal.replace('title: ACME', 'title: ACME\ntitle: Again')).some((line) => /^r\.yaml:3: /.test(line)),
  );
  assert.ok(problems(`${minimal}#${'x'.repeat(maxRecipeBytes)}`).some((line) => /larger than 64 KiB/.test(line)));
  assert.ok(problems('- a\n- b\n').some((line) => /must be a map/.test(line)));
  assert.ok(problems('a: [\n').length > 0);
});

test('JSON is accepted as it is YAML', () => {
  const json = JSON.stringify({
    name: 'j',
    title: 'J',
    login: { path: '/l' },
    token: { path: '/t', expires_in: '/ttl' },
    use: { basic: { username: '{{token}}', password: '' } },
  });
  assert.equal(parseRecipe(json).use.hasOwnProperty('basic'), true);
});

test('the recipes in README and docs/recipes.md are valid', () => {
  const blocks = ['README.md', 'docs/recipes.md'].flatMap((file) =>
    [...readFileSync(path.join(projectRoot, file), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => ({
      file,
      text: match[1] ?? '',
    })),
  );
  assert.ok(blocks.length >= 2);
  for (const block of blocks) assert.doesNotThrow(() => parseRecipe(block.text, block.file), block.file);
});
