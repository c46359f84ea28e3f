import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startFake } from '../fakes/index';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { runCli, tempWalletHome } from '../helpers/cli-runner';

/** `list` and `show` say why an account is in its state, in words and in JSON. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const secret = 's3cret-Pa55';

interface Listed {
  name: string;
  status: string;
  reason: string;
  nextRenewalAt: string | null;
  lastRenewedAt: string | null;
  lastError: { kind: string; message: string; at: string } | null;
}

describe('list and show say why', () => {
  const home = tempWalletHome('tw-list-');
  let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;
  let agent: AgentProcess | undefined;
  let closedPort: number;
  const json = async (): Promise<Listed[]> =>
    JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Listed[];
  const row = async (name: string): Promise<string> =>
    (await runCli(['list'], { home })).stdout.split('\n').find((line) => line.startsWith(`${name} `)) ?? '';

  before(async () => {
    vss = await startFake('vss', { lifetimeSec: 3600 });
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    for (const [name, url, password] of [
      ['good', vss.url, secret],
      ['rejected', vss.url, 'not-it'],
      ['away', `http://127.0.0.1:${closedPort}`, secret],
      ['out', vss.url, secret],
    ] as const) {
      const added = await runCli(
        ['add', name, '--provider', 'vss', '--url', url, '--username', 'alice', '--no-verify', '--password-stdin'],
        { home, input: `${password}\n` },
      );
      assert.equal(added.code, 0, added.stderr);
    }
  });
  after(async () => {
    await agent?.stop();
    await vss.close();
  });

  test('without an agent: rejected password, logged out, valid token', async () => {
    assert.equal((await runCli(['token', 'rejected'], { home })).code, 3);
    assert.equal((await runCli(['token', 'good'], { home })).code, 0);
    assert.equal((await runCli(['token', 'out'], { home })).code, 0);
    assert.equal((await runCli(['logout', 'out'], { home })).code, 0);
    assert.match(await row('rejected'), /needs attention: password rejected (just now|\d+ s ago)/);
    assert.match(await row('out'), /logged out/);
    assert.match(await row('good'), /valid for (59|60) min/);
    // Where the secrets are, at the foot of the table and in show (the keychain here).
    assert.ok((await runCli(['list'], { home })).stdout.endsWith('\n\nsecrets: the OS keychain\n'));
    assert.match((await runCli(['show', 'good'], { home })).stdout, /^secrets +the OS keychain$/m);
    const listed = await json();
    const rejected = listed.find((account) => account.name === 'rejected');
    assert.equal(rejected?.lastError?.kind, 'credentials');
    assert.match(rejected?.lastError?.at ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.match(rejected?.reason ?? '', /^needs attention: password rejected/);
    const good = listed.find((account) => account.name === 'good');
    assert.match(good?.lastRenewedAt ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.equal(good?.lastError, null);
    assert.ok(good !== undefined && 'nextRenewalAt' in good);
  });

  test('with the agent: when it renews next, and a server it retries', async () => {
    agent = await startAgent(home);
    await sleep(1500);
    assert.match(await row('good'), /renews in 4\d min/);
    assert.match(await row('away'), /retrying in \d+ s \(server unreachable\)/);
    const listed = await json();
    const good = listed.find((account) => account.name === 'good');
    assert.ok(
      good?.nextRenewalAt !== null && Date.parse(good?.nextRenewalAt ?? '') > Date.now() + 40 * 60_000,
      `next renewal ${good?.nextRenewalAt}`,
    );
    const away = listed.find((account) => account.name === 'away');
    assert.equal(away?.lastError?.kind, 'unreachable');
    assert.match(away?.reason ?? '', /^retrying in \d+ s \(server unreachable\)$/);
  });

  test('show NAME: everything but secrets, in words and JSON', async () => {
    const shown = await runCli(['show', 'good'], { home });
    assert.equal(shown.code, 0, shown.stderr);
    for (const pattern of [
      /name\s+good/,
      /provider\s+vss/,
      /url\s+http:\/\/127\.0\.0\.1/,
      /username\s+alice/,
      /status\s+fresh: renews in/,
      /expires\s+\d{4}-/,
    ])
      assert.match(shown.stdout, pattern);
    const asJson = JSON.parse((await runCli(['show', 'good', '--json'], { home })).stdout) as Listed & { url: string };
    assert.equal(asJson.name, 'good');
    assert.equal(asJson.url, vss.url);
    assert.match(asJson.reason, /renews in/);
    const token = (await runCli(['token', 'good'], { home })).stdout.trim();
    assert.ok(
      !shown.stdout.includes(token) && !JSON.stringify(asJson).includes(token) && !shown.stdout.includes(secret),
      'no token, no password',
    );
  });
});
