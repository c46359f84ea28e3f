import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { recipeJsonSchema, recipeSchemaFile } from '../../scripts/recipe-schema';

test('docs/recipe.schema.json is generated from the valibot schema (scripts/recipe-schema.ts)', () => {
  assert.equal(
    readFileSync(recipeSchemaFile, 'utf8'),
    recipeJsonSchema(),
    'docs/recipe.schema.json is stale: regenerate it',
  );
});
