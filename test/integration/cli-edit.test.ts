import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFake } from '../fakes/index';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { runCli, tempWalletHome } from '../helpers/cli-runner';

let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;
const home = tempWalletHome('tw-edit-');
const list = async () =>
  JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{
    name: string;
    status: string;
    url: string;
  }>;

before(async () => {
  vss = await startFake('vss');
});
after(async () => {
  await runCli(['remove', 'v'], { home });
  await vss.close();
});

test('a rejected password is fixed with edit, and the account is usable again', async () => {
  assert.equal(
    (
      await runCli(
        ['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice', '--no-verify', '--password-stdin'],
        { home, input: 'wrong\n' },
      )
    ).code,
    0,
  );
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

describe('edits with the agent running and without', () => {
  const agentHome = tempWalletHome('tw-edit-agent-');
  let fake: Awaited<ReturnType<typeof startFake<'vss'>>>;
  let agent: AgentProcess | undefined;
  before(async () => {
    fake = await startFake('vss', { users: { alice: 'first-Pa55' } });
    const add = await runCli(
      ['add', 'e', '--provider', 'vss', '--url', fake.url, '--username', 'alice', '--password-stdin'],
      { home: agentHome, input: 'first-Pa55\n' },
    );
    assert.equal(add.code, 0, add.stderr);
  });
  after(async () => {
    await agent?.stop();
    await runCli(['remove', 'e'], { home: agentHome });
    await fake.close();
  });

  for (const withAgent of [false, true]) {
    const where = withAgent ? 'with the agent' : 'without an agent';
    test(`an edit that does not touch the password works ${where}`, async () => {
      if (withAgent) agent = await startAgent(agentHome);
      for (const args of [['--on-demand'], ['--username', 'alice']]) {
        const edit = await runCli(['edit', 'e', ...args], { home: agentHome });
        assert.equal(edit.code, 0, `edit ${args.join(' ')} ${where}: ${edit.stderr}`);
      }
    });

    test(`edit --password keeps the still-valid token ${where}; the new password is used next login`, async () => {
      const before = (await runCli(['token', 'e'], { home: agentHome })).stdout.trim();
      assert.ok(fake.isValid(before));
      const next = withAgent ? 'third-Pa55' : 'second-Pa55';
      fake.state.users.set('alice', next);
      const logins = fake.stats.logins;
      const edit = await runCli(['edit', 'e', '--password-stdin'], { home: agentHome, input: `${next}\n` });
      assert.equal(edit.code, 0, edit.stderr);
      const after = await runCli(['token', 'e'], { home: agentHome });
      assert.equal(after.stdout.trim(), before, 'the same token, still valid');
      assert.equal(fake.stats.logins, logins, 'no login for a password change');
      const renew = await runCli(['renew', 'e'], { home: agentHome });
      assert.equal(renew.code, 0, `the new password logs in: ${renew.stderr}`);
      assert.equal(fake.stats.logins, logins + 1);
    });
  }
});
