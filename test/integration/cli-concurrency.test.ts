import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFake } from '../fakes/index';
import { runCli, tempWalletHome, addVyopta } from '../helpers/cli-runner';

test('20 simultaneous `token` calls without an agent make one login and all get the same valid token', async () => {
  const fake = await startFake('vyopta');
  const home = tempWalletHome();
  try {
    const add = await runCli([...addVyopta('vy', fake.tokenUrl), '--no-verify', '--password-stdin'], {
      home,
      input: 's3cret-Pa55\n',
    });
    assert.equal(add.code, 0, add.stderr);
    // A slow token endpoint widens the race window.
    fake.knobs.delayMs = 300;
    const results = await Promise.all(Array.from({ length: 20 }, () => runCli(['token', 'vy'], { home })));
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const tokens = new Set(results.map((result) => result.stdout.trim()));
    assert.equal(tokens.size, 1, 'every process got the one token');
    assert.equal(fake.stats.logins, 1, 'one login for twenty callers');
    assert.ok(fake.isValid([...tokens][0] ?? ''));
  } finally {
    await runCli(['remove', 'vy'], { home });
    await fake.close();
  }
});
