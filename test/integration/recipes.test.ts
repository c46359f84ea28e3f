import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { installRecipe } from '../../app/auth/recipes/recipe-store';
import { RenewalService } from '../../app/renewal-service';
import { systemClock } from '../../app/scheduler/clock';
import { KeytarSecretStore } from '../../app/secrets/keytar-store';
import { Wallet } from '../../app/wallet';
import { startFormLoginFake } from '../fakes/form-login';
import { startKeystoneFake } from '../fakes/keystone';
import { startAgent } from '../helpers/agent-process';
import { projectRoot, runCli, runShell, tempWalletHome } from '../helpers/cli-runner';

/**
 * Two APIs no built-in provider covers, described only by recipes, against local fakes: through
 * the wallet (renewal, the real keychain, snippets) and through the built CLI.
 */
const fixtures = path.join(projectRoot, 'test', 'fixtures', 'recipes');
const keystoneRecipe = path.join(fixtures, 'keystone.yaml');
const acmeRecipe = path.join(fixtures, 'acme.json');
const password = 's3cret-Pa55';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function keychainItems(home: string): string {
  const walletId = (JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')) as { walletId: string }).walletId;
  return execFileSync('secret-tool', ['search', '--all', 'service', `token-wallet:${walletId}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * A printed curl snippet that prints only the HTTP status: options go on the command's own line, before the here-
 * document.
 */
function withStatusOnly(snippet: string): string {
  return snippet.replace(" <<'TOKEN_WALLET_EOF'", " -o /dev/null -w '%{http_code}' <<'TOKEN_WALLET_EOF'");
}

describe('Keystone v3 by recipe, through the wallet', () => {
  test('JSON login, X-Subject-Token, absolute expires_at, skewed clock, X-Auth-Token snippets, logout', async () => {
    // A user name that needs JSON escaping proves the JSON-string encoding of {{username}}.
    const user = 'al"ice\\ops';
    const fake = await startKeystoneFake({ users: { [user]: password }, lifetimeSec: 3600 });
    fake.knobs.clockSkewSec = 600;
    const home = tempWalletHome('tw-recipe-ks-');
    await installRecipe(home, readFileSync(keystoneRecipe, 'utf8'), 'keystone.yaml');
    const w = new Wallet({ home, secrets: new KeytarSecretStore() });
    try {
      await w.add({ name: 'ks', provider: 'keystone', url: fake.url, username: user }, password);
      const before = Date.now();
      const first = await w.freshToken('ks');
      assert.ok(fake.isValid(first.token));
      assert.deepEqual(
        (fake.lastLogin as { auth: { identity: { password: { user: unknown } } } }).auth.identity.password.user,
        { name: user, domain: { name: 'Default' }, password },
      );
      const lifetime = first.expiresAt - before;
      assert.ok(
        Math.abs(lifetime - 3_600_000) < 3000,
        `lifetime on our clock ${lifetime} ms, expected about 3600 s despite a server 10 min ahead`,
      );
      assert.match(keychainItems(home), /secret = /, 'password and session are in the keychain');

      const curl = await w.snippet('ks', 'curl');
      assert.match(curl.text, /^curl -sS -H @- \S+ <<'TOKEN_WALLET_EOF'\nX-Auth-Token: /);
      const run = await runShell(withStatusOnly(curl.text));
      assert.equal(run.stdout, '200', run.stderr);
      const httpie = await w.snippet('ks', 'httpie');
      const httpieRun = await runShell(
        httpie.text.replace(" <<'TOKEN_WALLET_EOF'", " --check-status --print=h <<'TOKEN_WALLET_EOF'"),
      );
      assert.equal(httpieRun.code, 0, httpieRun.stderr);

      await w.renew('ks');
      const second = await w.freshToken('ks');
      assert.notEqual(second.token, first.token);
      assert.equal(fake.stats.logins, 2, 'no refresh in this API: renewal is a login');

      await w.logout('ks');
      assert.equal(fake.stats.logouts, 1);
      assert.equal(fake.isValid(second.token), false, 'the DELETE revoked the token');
    } finally {
      await w.remove('ks').catch(() => undefined);
      await fake.close();
    }
  });

  test('a wrong password is "credentials rejected"; a login answer without the header is unexpected', async () => {
    const fake = await startKeystoneFake();
    const home = tempWalletHome('tw-recipe-ks-');
    await installRecipe(home, readFileSync(keystoneRecipe, 'utf8'), 'keystone.yaml');
    const w = new Wallet({ home, secrets: new KeytarSecretStore() });
    try {
      await w.add({ name: 'ks', provider: 'keystone', url: fake.url, username: 'alice' }, 'wrong-one');
      await assert.rejects(
        w.freshToken('ks'),
        (error: Error & { kind?: string }) =>
          error.kind === 'credentials' && /HTTP 401/.test(error.message) && !error.message.includes('wrong-one'),
      );
      await w.update('ks', {}, password);
      fake.knobs.failNext = [{ status: 201, body: '{"token":{"expires_at":"2030-01-01T00:00:00Z"}}' }];
      await assert.rejects(
        w.freshToken('ks'),
        (error: Error & { kind?: string }) =>
          error.kind === 'unexpected' && /without the X-Subject-Token header/.test(error.message),
      );
    } finally {
      await w.remove('ks').catch(() => undefined);
      await fake.close();
    }
  });
});

describe('a form-login API by recipe, through the wallet', () => {
  test('form encoding, TTL from JSON, background renewal in real time, logout', async () => {
    // Characters that mean something in a form body prove the form-field encoding.
    const user = 'a&b=c+d';
    const secret = 'p&ss=w%rd+1';
    const fake = await startFormLoginFake({ users: { [user]: secret }, lifetimeSec: 3 });
    const home = tempWalletHome('tw-recipe-form-');
    await installRecipe(home, readFileSync(acmeRecipe, 'utf8'), 'acme.json');
    const w = new Wallet({ home, secrets: new KeytarSecretStore() });
    const service = new RenewalService(w, { clock: systemClock });
    try {
      await w.add({ name: 'acme', provider: 'acme', url: fake.url, username: user }, secret);
      const first = await w.freshToken('acme');
      assert.equal(fake.lastForm?.get('username'), user);
      assert.ok(
        first.expiresAt - Date.now() <= 3000 && first.expiresAt - Date.now() > 1500,
        'ttl seconds from the body',
      );
      await service.start();
      const deadline = Date.now() + 10_000;
      while (fake.stats.logins < 3 && Date.now() < deadline) await sleep(100);
      assert.ok(fake.stats.logins >= 3, `the scheduler renewed before expiry (${fake.stats.logins} logins)`);
      const fresh = await w.freshToken('acme');
      assert.ok(fake.isValid(fresh.token));
      service.stop();
      await w.logout('acme');
      assert.equal(fake.stats.logouts, 1);
      assert.equal(fake.isValid(fresh.token), false);
    } finally {
      service.stop();
      await w.remove('acme').catch(() => undefined);
      await fake.close();
    }
  });
});

describe('recipes through the CLI', () => {
  test('providers add → add --provider → token → curl → logout → remove; providers show/remove', async () => {
    const fake = await startFormLoginFake();
    const home = tempWalletHome('tw-recipe-cli-');
    try {
      const added = await runCli(['providers', 'add', acmeRecipe], { home });
      assert.equal(added.code, 0, added.stderr);
      const listed = await runCli(['providers'], { home });
      assert.match(listed.stdout, /^acme\s+ACME Cloud \[recipe\]/m);
      assert.match(listed.stdout, /^vss\s/m, 'built-ins are still listed');
      const shown = await runCli(['providers', 'show', 'acme'], { home });
      assert.equal(shown.stdout, readFileSync(acmeRecipe, 'utf8'));

      const add = await runCli(
        ['add', 'acct', '--provider', 'acme', '--url', fake.url, '--username', 'alice', '--password-stdin'],
        { home, input: `${password}\n` },
      );
      assert.equal(add.code, 0, add.stderr);
      const token = await runCli(['token', 'acct'], { home });
      assert.equal(token.code, 0, token.stderr);
      assert.ok(fake.isValid(token.stdout.trim()));
      const curl = await runCli(['curl', 'acct'], { home });
      const run = await runShell(withStatusOnly(curl.stdout.trim()));
      assert.equal(run.stdout, '200');

      const busy = await runCli(['providers', 'remove', 'acme'], { home });
      assert.equal(busy.code, 2);
      assert.match(busy.stderr, /used by acct/);

      const logout = await runCli(['logout', 'acct'], { home });
      assert.equal(logout.code, 0, logout.stderr);
      assert.equal(fake.stats.logouts, 1);
      assert.equal(fake.isValid(token.stdout.trim()), false);
      assert.equal((await runCli(['remove', 'acct'], { home })).code, 0);
      assert.equal((await runCli(['providers', 'remove', 'acme'], { home })).code, 0);
      const gone = await runCli(
        ['add', 'again', '--provider', 'acme', '--url', fake.url, '--username', 'alice', '--password-stdin'],
        { home, input: `${password}\n` },
      );
      assert.equal(gone.code, 2);
      assert.match(gone.stderr, /unknown provider "acme"/);
    } finally {
      await fake.close();
    }
  });

  test('providers test tries a recipe without installing it and shows no secret', async () => {
    const fake = await startKeystoneFake();
    const home = tempWalletHome('tw-recipe-cli-');
    try {
      const result = await runCli(
        ['providers', 'test', keystoneRecipe, '--url', fake.url, '--username', 'alice', '--password-stdin'],
        { home, input: `${password}\n` },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /POST http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens/);
      assert.match(result.stdout, /HTTP 201/);
      assert.match(result.stdout, /x-subject-token/);
      assert.match(result.stdout, /token: \d+ characters; valid for/);
      assert.match(result.stdout, /logged out the test session/);
      assert.ok(!result.stdout.includes(password));
      for (const issued of fake.state.tokens.keys())
        assert.ok(!result.stdout.includes(issued), 'the token is never printed');
      assert.equal((await runCli(['providers'], { home })).stdout.includes('keystone'), false, 'not installed');
    } finally {
      await fake.close();
    }
  });

  test('credentials go to another origin only after --allow-origin for that account', async () => {
    const fake = await startFormLoginFake();
    const home = tempWalletHome('tw-recipe-cli-');
    const file = path.join(home, 'elsewhere.json');
    const recipe = JSON.parse(readFileSync(acmeRecipe, 'utf8')) as { name: string; login: { path: string } };
    recipe.name = 'elsewhere';
    recipe.login.path = `${fake.url}/api/session`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(recipe));
    try {
      assert.equal((await runCli(['providers', 'add', file], { home })).code, 0);
      // add checks the credentials first: the recipe's other origin is refused before anything is sent or saved.
      const refused = await runCli(
        [
          'add',
          'acct',
          '--provider',
          'elsewhere',
          '--url',
          'http://127.0.0.1:9',
          '--username',
          'alice',
          '--password-stdin',
        ],
        { home, input: `${password}\n` },
      );
      assert.equal(refused.code, 2);
      assert.match(
        refused.stderr,
        new RegExp(
          `sends credentials to ${fake.url.replace(/\./g, '\\.')}, not the account's server ` +
            `http://127\\.0\\.0\\.1:9; pass --allow-origin`,
        ),
      );
      assert.equal(fake.stats.tokenRequests.length, 0, 'nothing reached the other origin');
      assert.equal((await runCli(['list', '--names'], { home })).stdout.includes('acct'), false, 'nothing was saved');
      const add = await runCli(
        [
          'add',
          'acct',
          '--provider',
          'elsewhere',
          '--url',
          'http://127.0.0.1:9',
          '--username',
          'alice',
          '--allow-origin',
          fake.url,
          '--password-stdin',
        ],
        { home, input: `${password}\n` },
      );
      assert.equal(add.code, 0, add.stderr);
      const token = await runCli(['token', 'acct'], { home });
      assert.equal(token.code, 0, token.stderr);
      assert.ok(fake.isValid(token.stdout.trim()));
      await runCli(['remove', 'acct'], { home });
    } finally {
      await fake.close();
    }
  });

  test('a running agent picks up a recipe installed after it started', async () => {
    const fake = await startKeystoneFake();
    const home = tempWalletHome('tw-recipe-agent-');
    const agent = await startAgent(home);
    try {
      assert.equal((await runCli(['providers', 'add', keystoneRecipe], { home })).code, 0);
      assert.match((await runCli(['providers'], { home })).stdout, /^keystone\s/m, 'listed by the agent');
      const add = await runCli(
        [
          'add',
          'ks',
          '--provider',
          'keystone',
          '--url',
          fake.url,
          '--username',
          'alice',
          '--option',
          'domain=Default',
          '--password-stdin',
        ],
        { home, input: `${password}\n` },
      );
      assert.equal(add.code, 0, add.stderr);
      const token = await runCli(['token', 'ks'], { home });
      assert.equal(token.code, 0, token.stderr);
      assert.ok(fake.isValid(token.stdout.trim()));
      // With an explicit path: `curl NAME` without one fails through any agent today (params [name, kind, null]).
      const curl = await runCli(['curl', 'ks', '/v3/projects'], { home });
      assert.equal(curl.code, 0, curl.stderr);
      const run = await runShell(withStatusOnly(curl.stdout.trim()));
      assert.equal(run.stdout, '200', run.stderr);
      await runCli(['remove', 'ks'], { home });
    } finally {
      await agent.stop();
      await fake.close();
    }
  });

  test('a broken recipe: one line per problem with its place, exit 2, nothing installed', async () => {
    const home = tempWalletHome('tw-recipe-cli-');
    const file = path.join(home, 'bad.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      'name: Bad Name\ntitle: x\nlogin:\n  path: /login\n  body: { json: { user: "{{usr}}" } }\ntoken: { path: ' +
        'token }\nuse: { header: "X-Token {{token}}" }\n',
    );
    const result = await runCli(['providers', 'add', file], { home });
    assert.equal(result.code, 2);
    const lines = result.stderr.trim().split('\n');
    assert.ok(
      lines.some((line) => /bad\.yaml:1: name: must be lower-case/.test(line)),
      result.stderr,
    );
    assert.equal(lines.length >= 1, true);
    assert.equal((await runCli(['providers'], { home })).stdout.includes('Bad'), false);
  });
});
