import { spawn } from 'node:child_process';
import { cliPath } from '../helpers/cli-runner';

export interface TimedResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Killed by the test after `limitMs`: the command would have hung. */
  hung: boolean;
}

/** Runs the built CLI and kills it after `limitMs`, so a hang fails the test instead of stalling it. */
export function runCliWithin(
  args: string[],
  home: string,
  limitMs: number,
  env: Record<string, string> = {},
  input = '',
): Promise<TimedResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, TOKEN_WALLET_HOME: home, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let hung = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(input);
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, limitMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started, hung });
    }),
  );
}
