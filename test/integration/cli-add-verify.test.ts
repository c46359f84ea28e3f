import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { startFake } from '../fakes/index';
import { runCli, tempWalletHome } from '../helpers/cli-runner';

/** `add` checks the credentials with the server before it saves: one login, and that token is kept. */
let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;
let closedPort: number;
const home = tempWalletHome('tw-add-verify-');
const names = async (): Promise<string[]> =>
  (JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{ name: string }>).map(
    (account) => account.name,
  );
const add = (name: string, url: string, password: string, extra: string[] = []) =>
  runCli(['add', name, '--provider', 'vss', '--url', url, '--username', 'alice', ...extra, '--password-stdin'], {
    home,
    input: `${password}\n`,
  });

before(async () => {
  vss = await startFake('vss');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
after(async () => {
  for (const name of await names()) await runCli(['remove', name], { home });
  await vss.close();
});

test('a rejected password: exit 3, nothing saved', async () => {
  const result = await add('bad', vss.url, 'not-it');
  assert.equal(result.code, 3, result.stderr);
  assert.match(
    result.stderr,
    /account "bad" \(http:\/\/127\.0\.0\.1:\d+\): invalid username and password; nothing was saved/,
  );
  assert.deepEqual(await names(), []);
});

test('an unreachable server: exit 4, nothing saved; --no-verify saves it anyway', async () => {
  const url = `http://127.0.0.1:${closedPort}`;
  const result = await add('away', url, 's3cret-Pa55');
  assert.equal(result.code, 4, result.stderr);
  assert.match(result.stderr, /connection refused.*--no-verify/);
  assert.deepEqual(await names(), []);
  const anyway = await add('away', url, 's3cret-Pa55', ['--no-verify']);
  assert.equal(anyway.code, 0, anyway.stderr);
  assert.match(anyway.stdout, /not checked/);
  assert.deepEqual(await names(), ['away']);
});

test('accepted: one login, and the token it got is the one handed out next', async () => {
  const before = vss.stats.tokenRequests.length;
  const result = await add('good', vss.url, 's3cret-Pa55');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /added good .*credentials accepted/);
  const token = await runCli(['token', 'good'], { home });
  assert.equal(token.code, 0, token.stderr);
  assert.ok(vss.isValid(token.stdout.trim()));
  assert.equal(vss.stats.tokenRequests.length, before + 1, 'one login for add and token together');
});
