// What `token-wallet agent`, started through the real bin, does to stay cheap with many accounts:
// its V8 young generation stays small (the host's heap flags are applied on that start path), and
// a successful renewal is a line on stderr only with --verbose.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFake } from '../fakes/index';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { addVyopta, cliPath, runCli, tempWalletHome } from '../helpers/cli-runner';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Preloaded into the agent (NODE_OPTIONS=--require): on SIGUSR2 it makes garbage of which a part
 * survives a while (as renewals do), then writes how large V8's young generation has become.
 */
const probe = `
const v8 = require('node:v8');
const { writeFileSync } = require('node:fs');
process.on('SIGUSR2', () => {
  const kept = [];
  for (let round = 0; round < 150; round += 1) {
    for (let index = 0; index < 20000; index += 1) {
      const item = { index, text: 'x' + index, pair: [index, round] };
      if (index % 50 === 0) kept.push(item);
    }
    if (kept.length > 20000) kept.splice(0, 10000);
  }
  const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  writeFileSync(process.env.TW_PROBE_OUT, String(young.space_size));
});
`;

async function waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('the agent as the bin starts it', () => {
  const home = tempWalletHome('tw-agent-costs-');
  const out = path.join(home, 'young-generation');
  let vyopta: Awaited<ReturnType<typeof startFake<'vyopta'>>>;
  let agent: AgentProcess;

  before(async () => {
    vyopta = await startFake('vyopta', { lifetimeSec: 4 });
    const added = await runCli([...addVyopta('vy', vyopta.tokenUrl), '--password-stdin'], {
      home,
      input: 's3cret-Pa55\n',
    });
    assert.equal(added.code, 0, added.stderr);
    const probeFile = path.join(home, 'probe.cjs');
    writeFileSync(probeFile, probe);
    agent = await startAgent(home, { NODE_OPTIONS: `--require ${probeFile}`, TW_PROBE_OUT: out });
    // A login at start, then a renewal at 75 % of 4 s.
    await waitFor(() => vyopta.stats.tokenRequests.length >= 2, 'two token requests');
    await sleep(300);
  });

  after(async () => {
    await agent?.stop();
    await vyopta?.close();
  });

  test('says nothing on each successful renewal by default', () => {
    assert.match(agent.log(), /agent running/);
    assert.doesNotMatch(agent.log(), /renewed vy/, 'no line for each successful renewal by default');
  });

  test('keeps its young generation small (the host heap flags apply on this start path)', async () => {
    agent.child.kill('SIGUSR2');
    await waitFor(() => existsSync(out), 'the probe');
    const young = Number(readFileSync(out, 'utf8'));
    // V8's default lets it grow to 32 MiB; the host's flags keep it at its first size.
    assert.ok(young <= 8 * 1024 * 1024, `young generation ${(young / 1048576).toFixed(1)} MiB`);
  });

  test('with --verbose, each renewal is a line', async () => {
    await agent.stop();
    const child = spawn(process.execPath, [cliPath, '--verbose', 'agent'], {
      env: { ...process.env, TOKEN_WALLET_HOME: home },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    try {
      await waitFor(() => /renewed vy: valid until/.test(log), 'a renewal line');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
