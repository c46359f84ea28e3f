import assert from 'node:assert/strict';
import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { test } from 'node:test';
import { cliPath, tempWalletHome } from '../helpers/cli-runner';

/** Where the output goes is the user's business: a reader that leaves early, or a full disk. */
const home = tempWalletHome('tw-person-output-');

function run(
  args: string[],
  stdio: StdioOptions,
  onSpawn: (child: ReturnType<typeof spawn>) => void = () => undefined,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, TOKEN_WALLET_HOME: home },
    stdio,
  });
  onSpawn(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

for (const args of [['help'], ['completion', 'bash'], ['providers']]) {
  test(`${args.join(' ')} | head -0: the reader left early; no stack trace, exit 0`, async () => {
    // Our end of the pipe is closed before the CLI writes: every write of the CLI meets EPIPE.
    const result = await run(args, ['ignore', 'pipe', 'pipe'], (child) => child.stdout?.destroy());
    assert.equal(result.stderr, '', 'nothing on stderr');
    assert.equal(result.code, 0, result.stderr);
  });
}

test('help > /dev/full: one line saying the output could not be written, exit 1', async () => {
  const full = openSync('/dev/full', 'w');
  try {
    const result = await run(['help'], ['ignore', full, 'pipe']);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr, 'token-wallet: cannot write to standard output: no space left on device\n');
  } finally {
    closeSync(full);
  }
});
