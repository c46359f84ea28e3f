import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './cli-runner';

/**
 * Runs a command on a real pseudo-terminal (test/helpers/pty-run.py, in a child Python process so this
 * event loop stays free for fake servers) and types `keys` once `waitFor` shows on it.
 */
export async function onTerminal(
  command: string[],
  typed: { waitFor: string; keys: string },
  env: NodeJS.ProcessEnv,
): Promise<{ screen: string; code: number }> {
  const { stdout } = await promisify(execFile)(
    'python3',
    [path.join(projectRoot, 'test', 'helpers', 'pty-run.py'), ...command],
    {
      env: { ...process.env, ...env, TW_PTY_WAIT_FOR: typed.waitFor, TW_PTY_KEYS: typed.keys },
      timeout: 30_000,
    },
  );
  return JSON.parse(stdout) as { screen: string; code: number };
}
