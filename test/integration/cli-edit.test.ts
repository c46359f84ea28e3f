import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFake } from '../fakes/index';
import { runCli, tempWalletHome } from '../helpers/cli-runner';

let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;
const home = tempWalletHome('tw-edit-');
const list = async () => JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{ name: string; status: string; url: string }>;

before(async () => {
  vss = await startFake('vss');
});
after(async () => {
  await runCli(['remove', 'v'], { home });
  await vss.close();
});

test('a rejected password is fixed with edit, and the account is usable again', async () => {
  assert.equal((await runCli(['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice', '--password-stdin'], { home, input: 'wrong\n' })).code, 0);
  assert.equal((await runCli(['token', 'v'], { home })).code, 3);
  assert.equal((await list())[0]?.status, 'attention');
  const edit = await runCli(['edit', 'v', '--password-stdin'], { home, input: 's3cret-Pa55\n' });
  assert.equal(edit.code, 0, edit.stderr);
  const token = await runCli(['token', 'v'], { home });
  assert.equal(token.code, 0, token.stderr);
  assert.ok(vss.isValid(token.stdout.trim()));
  assert.equal((await list())[0]?.status, 'fresh');
});

test('a bad edit is refused and changes nothing', async () => {
  const before = await list();
  const result = await runCli(['edit', 'v', '--url', 'notaurl'], { home });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /malformed url/);
  assert.deepEqual(await list(), before);
});

test('log out on quit is refused for an API without a logout', async () => {
  const result = await runCli(['edit', 'v', '--logout-on-quit'], { home });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /no logout/);
});
