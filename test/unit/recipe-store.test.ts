import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { validateAccountInput } from '../../app/account-input';
import { installRecipe, recipesDir, removeRecipe } from '../../app/auth/recipes/recipe-store';
import { WalletError } from '../../app/errors';
import { providerCatalog, providerFor } from '../../app/providers/registry';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { Wallet } from '../../app/wallet';
import { projectRoot } from '../helpers/cli-runner';
import { scriptedHttp } from '../helpers/scripted-http';

const keystone = readFileSync(path.join(projectRoot, 'test', 'fixtures', 'recipes', 'keystone.yaml'), 'utf8');
const home = (): string => mkdtempSync(path.join(os.tmpdir(), 'tw-recipe-store-'));

test('installed recipes are providers of their home only, listed after the built-ins', async () => {
  const mine = home();
  await installRecipe(mine, keystone, 'keystone.yaml');
  assert.equal(providerFor('keystone', mine).meta.source, 'installed');
  assert.throws(
    () => providerFor('keystone', home()),
    (error: unknown) =>
      error instanceof WalletError && error.kind === 'usage' && /unknown provider "keystone"/.test(error.message),
  );
  const kinds = providerCatalog(mine).map((meta) => meta.kind);
  assert.deepEqual(kinds, ['vss', 'ribbon-sbc', 'sensu', 'vyopta', 'veeam-vao', 'oidc', 'oauth2', 'keystone']);
  const meta = providerFor('keystone', mine).meta;
  assert.deepEqual(
    meta.fields.map((field) => [field.key, field.cliFlag, field.defaultValue]),
    [['domain', '--option domain=VALUE', 'Default']],
  );
  assert.equal(meta.hasLogout, true);
  assert.deepEqual(meta.tokenHeader, { name: 'X-Auth-Token', prefix: '', suffix: '' });
});

test('a built-in name cannot be taken, nor an installed one without --replace; remove deletes the file', async () => {
  const mine = home();
  await assert.rejects(
    installRecipe(mine, keystone.replace('name: keystone', 'name: vss'), 'k.yaml'),
    /"vss" is a built-in provider/,
  );
  await installRecipe(mine, keystone, 'keystone.yaml');
  await assert.rejects(installRecipe(mine, keystone, 'keystone.yaml'), /already installed/);
  await installRecipe(
    mine,
    keystone.replace('title: OpenStack Keystone v3', 'title: Keystone (new)'),
    'keystone.yaml',
    { replace: true },
  );
  assert.equal(providerFor('keystone', mine).meta.label, 'Keystone (new)', 'a changed file is read again');
  await removeRecipe(mine, 'keystone');
  assert.throws(() => providerFor('keystone', mine), /unknown provider/);
});

test('a broken file in the home is a config error naming it, and the catalog skips it', () => {
  const mine = home();
  const dir = recipesDir(mine);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'broken.yaml'), 'name: broken\n');
  assert.throws(
    () => providerFor('broken', mine),
    (error: unknown) =>
      error instanceof WalletError &&
      error.kind === 'config' &&
      /broken\.yaml is broken: broken\.yaml:\d*:? ?/.test(error.message),
  );
  assert.ok(!providerCatalog(mine).some((meta) => meta.kind === 'broken'));
});

test('account options a recipe declares are validated: known keys only, choices, required', async () => {
  const mine = home();
  await installRecipe(mine, keystone, 'keystone.yaml');
  const valid = validateAccountInput(
    { name: 'k', provider: 'keystone', url: 'https://ks.example', username: 'u', options: { domain: 'Ops' } },
    mine,
  );
  assert.equal(valid.options.domain, 'Ops');
  assert.throws(
    () =>
      validateAccountInput(
        { name: 'k', provider: 'keystone', url: 'https://ks.example', username: 'u', options: { region: 'x' } },
        mine,
      ),
    /takes no region option/,
  );
  assert.throws(
    () =>
      validateAccountInput(
        {
          name: 'k',
          provider: 'keystone',
          url: 'https://ks.example',
          username: 'u',
          allowOrigins: ['https://a.example/path'],
        },
        mine,
      ),
    /origin like https:\/\/host:port/,
  );
});

test("a wallet uses its own home's recipes for add, renewal and snippets", async () => {
  const mine = home();
  await installRecipe(mine, keystone, 'keystone.yaml');
  const http = scriptedHttp(() => ({
    status: 201,
    headers: { 'X-Subject-Token': 'ks-token' },
    body: { token: { expires_at: new Date(Date.now() + 3_600_000).toISOString() } },
  }));
  const wallet = new Wallet({ home: mine, secrets: new MemorySecretStore(), http: http.transport });
  await wallet.add({ name: 'ks', provider: 'keystone', url: 'https://ks.example:5000', username: 'alice' }, 'pw');
  assert.equal((await wallet.freshToken('ks')).token, 'ks-token');
  assert.equal(http.requests[0]?.url.toString(), 'https://ks.example:5000/v3/auth/tokens');
  assert.equal((await wallet.snippet('ks', 'header')).text, 'X-Auth-Token: ks-token');
  // The recipe's own header, given to curl on stdin: never in its argv.
  assert.equal(
    (await wallet.snippet('ks', 'curl')).text,
    "curl -sS -H @- https://ks.example:5000/v3/projects <<'TOKEN_WALLET_EOF'\nX-Auth-Token: ks-token\nTOKEN_WALLET_EOF",
  );
  assert.ok((await wallet.providers()).some((meta) => meta.kind === 'keystone'));
});

test("a recipe's default path may name its options", async () => {
  const mine = home();
  await installRecipe(
    mine,
    keystone.replace('default_path: /v3/projects', 'default_path: /v3/{domain}/projects'),
    'keystone.yaml',
  );
  const meta = providerFor('keystone', mine).meta;
  const { snippetUrl } = await import('../../app/snippets');
  const account = { id: 'i', name: 'k', provider: 'keystone', url: 'https://ks.example', username: 'u', createdAt: '' };
  assert.equal(snippetUrl({ ...account, options: {} }, meta), 'https://ks.example/v3/Default/projects');
  assert.equal(snippetUrl({ ...account, options: { domain: 'a b' } }, meta), 'https://ks.example/v3/a%20b/projects');
});
