import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFake, type Fake } from '../fakes/index';
import { argvWrappers, startArgvScanner } from '../helpers/argv-recorder';
import { runCli, tempWalletHome, type CliResult } from '../helpers/cli-runner';
import { addAccount, issuedSecrets, shellCli } from '../helpers/tools-setup';

/** Runs a shell script with the argv-recording curl/http first on the PATH. */
function sh(script: string, env: Record<string, string>): Promise<CliResult> {
  const child = spawn('/bin/sh', ['-c', script], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

describe('snippets, token --json, --min-valid, account by context', () => {
  let sensu: Fake;
  let vss: Fake;
  const home = tempWalletHome('tw-tools-');
  const wrappers = argvWrappers({ curl: '/usr/bin/curl', http: '/usr/bin/http' });
  let scanner: ReturnType<typeof startArgvScanner>;
  const env = (): Record<string, string> => ({
    TOKEN_WALLET_HOME: home,
    PATH: `${wrappers.dir}:${process.env.PATH ?? ''}`,
  });

  before(async () => {
    sensu = await startFake('sensu');
    vss = await startFake('vss');
    scanner = startArgvScanner(() => issuedSecrets(sensu, vss));
    await addAccount(home, 'sensu1', 'sensu', sensu.url);
    await addAccount(home, 'vss1', 'vss', vss.url);
  });
  after(async () => {
    scanner.stop();
    await sensu.close();
    await vss.close();
  });

  for (const [tool, account, path] of [
    ['curl', 'sensu1', '/api/core/v2/namespaces'],
    ['httpie', 'sensu1', '/api/core/v2/namespaces'],
    ['curl', 'vss1', '/v2/vm'],
    ['httpie', 'vss1', '/v2/vm'],
  ] as const) {
    test(`${tool} ${account}: cmd=$(token-wallet ${tool} …) && eval "$cmd" works; no argv has the token`, async () => {
      const before = wrappers.records().length;
      const run = await sh(`cmd=$(${shellCli} ${tool} ${account} ${path}) && eval "$cmd"`, env());
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), { ok: true, path }, 'the real tool got a 200 from the API');
      const records = wrappers.records().slice(before);
      assert.equal(records.length, 1, 'the real tool ran once, through the wrapper');
      const argv = (records[0] ?? []).join(' ');
      assert.match(argv, new RegExp(`^${tool === 'curl' ? 'curl' : 'http'} `));
      assert.ok(argv.includes(path), argv);
      for (const secret of issuedSecrets(sensu, vss))
        assert.ok(!argv.includes(secret), `the token is in the argv: ${argv}`);
    });
  }

  test('no token, nothing on stdout: the eval form runs nothing', async () => {
    await addAccount(home, 'wrong', 'sensu', sensu.url, 'not-the-password', ['--no-verify']);
    const before = wrappers.records().length;
    for (const tool of ['curl', 'httpie', 'header', 'token']) {
      const result = await runCli([tool, 'wrong'], { home });
      assert.equal(result.code, 3, result.stderr);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /account "wrong"/);
    }
    const run = await sh(`cmd=$(${shellCli} curl wrong /x) && eval "$cmd"`, env());
    assert.notEqual(run.code, 0);
    assert.equal(wrappers.records().length, before, 'curl never ran');
    await runCli(['remove', 'wrong'], { home });
  });

  test('token --json: account, token, tokenType, expiresAt, header', async () => {
    const bearer = await runCli(['token', 'sensu1', '--json'], { home });
    assert.equal(bearer.code, 0, bearer.stderr);
    const json = JSON.parse(bearer.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(json), ['account', 'token', 'tokenType', 'expiresAt', 'header']);
    assert.equal(json.account, 'sensu1');
    assert.ok(sensu.isValid(json.token ?? ''));
    assert.equal(json.tokenType, 'Bearer');
    assert.match(json.expiresAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(json.expiresAt ?? '') > Date.now());
    assert.equal(json.header, `Authorization: Bearer ${json.token}`);
    const basic = JSON.parse((await runCli(['token', 'vss1', '--json'], { home })).stdout) as Record<string, string>;
    assert.equal(basic.tokenType, 'Basic');
    assert.equal(basic.header, `Authorization: Basic ${Buffer.from(`${basic.token}:`).toString('base64')}`);
  });

  test('--min-valid renews a token with less left; exit 5 when the API cannot issue one that long', async () => {
    const first = (await runCli(['token', 'sensu1'], { home })).stdout.trim();
    // Tokens live 15 min; asking for 20 min needs a longer-lived one.
    sensu.knobs.lifetimeSec = 3600;
    const longer = await runCli(['token', 'sensu1', '--min-valid', '20m', '--json'], { home });
    assert.equal(longer.code, 0, longer.stderr);
    const json = JSON.parse(longer.stdout) as { token: string; expiresAt: string };
    assert.notEqual(json.token, first, 'renewed first');
    assert.ok(Date.parse(json.expiresAt) - Date.now() >= 20 * 60_000);
    for (const command of ['token', 'curl', 'httpie', 'header']) {
      const tooLong = await runCli([command, 'sensu1', '--min-valid', '2h'], { home });
      assert.equal(tooLong.code, 5, `${command}: ${tooLong.stderr}`);
      assert.equal(tooLong.stdout, '');
      assert.match(tooLong.stderr, /account "sensu1" .*valid for 3\d{3} s, less than the 7200 s asked for/);
    }
    const bad = await runCli(['token', 'sensu1', '--min-valid', 'soon'], { home });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--min-valid takes a duration such as 90s, 10m or 1h/);
    sensu.knobs.lifetimeSec = 900;
  });

  test('account by context: TOKEN_WALLET_ACCOUNT, then .token-wallet upward, else exit 2 and candidates', async () => {
    const ambiguous = await runCli(['token'], { home });
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /accounts: sensu1, vss1/);
    const fromEnv = await runCli(['token', '--json'], { home, env: { TOKEN_WALLET_ACCOUNT: 'vss1' } });
    assert.equal((JSON.parse(fromEnv.stdout) as { account: string }).account, 'vss1');
    const project = path.join(home, 'project');
    mkdirSync(path.join(project, 'deep', 'er'), { recursive: true });
    const use = await runCli(['use', 'sensu1'], { home, cwd: project });
    assert.equal(use.code, 0, use.stderr);
    assert.equal(readFileSync(path.join(project, '.token-wallet'), 'utf8'), 'sensu1\n');
    const deep = path.join(project, 'deep', 'er');
    const fromFile = await runCli(['token', '--json'], { home, cwd: deep });
    assert.equal((JSON.parse(fromFile.stdout) as { account: string }).account, 'sensu1');
    const curl = await sh(`cd ${JSON.stringify(deep)} && cmd=$(${shellCli} curl /api/x) && eval "$cmd"`, env());
    assert.deepEqual(JSON.parse(curl.stdout), { ok: true, path: '/api/x' });
    const unknown = await runCli(['use', 'nope'], { home, cwd: project });
    assert.equal(unknown.code, 2);
    const only = tempWalletHome('tw-tools-only-');
    await addAccount(only, 'solo', 'sensu', sensu.url);
    assert.equal(
      (JSON.parse((await runCli(['token', '--json'], { home: only })).stdout) as { account: string }).account,
      'solo',
    );
  });

  test("api: token in the API's own style, 401 renews once and retries, exit codes by status", async () => {
    const get = await runCli(['api', 'vss1', '/v2/vm', '-i'], { home });
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, /^HTTP 200\n/);
    assert.match(get.stdout, /content-type: application\/json/);
    assert.deepEqual(JSON.parse(get.stdout.split('\n\n')[1] ?? ''), { ok: true, path: '/v2/vm' });
    // The server drops the session early: one renewal, one retry, success.
    const current = JSON.parse((await runCli(['token', 'sensu1', '--json'], { home })).stdout) as { token: string };
    const issued = sensu.state.tokens.get(current.token);
    assert.ok(issued);
    issued.revoked = true;
    const retried = await runCli(['api', 'sensu1', '/api/core/v2/namespaces'], { home });
    assert.equal(retried.code, 0, retried.stderr);
    assert.deepEqual(JSON.parse(retried.stdout), { ok: true, path: '/api/core/v2/namespaces' });
    // /auth/test wants Basic credentials, so a bearer token is always refused: 3 after the retry.
    const refused = await runCli(['api', 'sensu1', '/auth/test'], { home });
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /HTTP 401/);
    const other = await runCli(['api', 'sensu1', '/auth/token', '-X', 'POST', '-d', '@-'], {
      home,
      input: '{"nope":1}',
    });
    assert.equal(other.code, 5);
    assert.match(other.stdout, /malformed request/, 'the body is still printed');
    const offHost = await runCli(['api', 'sensu1', 'https://elsewhere.example/steal'], { home });
    assert.equal(offHost.code, 2);
    const stopped = await startFake('sensu');
    await addAccount(home, 'gone', 'sensu', stopped.url);
    await runCli(['token', 'gone'], { home });
    await stopped.close();
    const unreachable = await runCli(['api', 'gone', '/x'], { home });
    assert.equal(unreachable.code, 4, unreachable.stderr);
  });

  test('the /proc scan saw no token in any argv while these tests ran', () => {
    const { scans, hits } = scanner.stop();
    assert.ok(scans > 10, `only ${scans} scans`);
    assert.deepEqual(hits, []);
  });
});
