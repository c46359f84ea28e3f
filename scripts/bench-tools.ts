// `npm run bench` (BENCH_ONLY=tools): the shell fast path over the agent's unix socket, oidc-token
// beside it where oidc-agent is installed, and `token NAME` through the CLI against a bare node start.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { addVyoptaAccount, median, round } from './bench-support';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'token-wallet.js');

function timeOnce(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const before = process.hrtime.bigint();
  spawnSync(command, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
  return Number(process.hrtime.bigint() - before) / 1e6;
}

/** One HTTP request over the unix socket from this process: the server's share, no process start. */
function socketRequest(socketPath: string, urlPath: string): Promise<number> {
  const before = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: urlPath, agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(Number(process.hrtime.bigint() - before) / 1e6));
      })
      .on('error', reject);
  });
}

/** oidc-token against a running oidc-agent with no account loaded: one agent round trip, no token. */
function oidcTokenMs(runs: number): { oidcTokenMs: number | null; oidcNote: string } {
  if (spawnSync('sh', ['-c', 'command -v oidc-token && command -v oidc-agent'], { stdio: 'ignore' }).status !== 0) {
    return { oidcTokenMs: null, oidcNote: 'oidc-agent-cli is not installed here' };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tw-bench-oidc-'));
  const started = JSON.parse(
    execFileSync('oidc-agent', ['--json', '-a', path.join(dir, 'oidc-agent.sock')], { encoding: 'utf8' }),
  ) as { socket: string; dpid: number };
  const env = { ...process.env, OIDC_SOCK: started.socket, OIDCD_PID: String(started.dpid) };
  const times = Array.from({ length: runs }, () => timeOnce('oidc-token', ['--time=0', 'bench-not-configured'], env));
  spawnSync('oidc-agent', ['-k'], { env, stdio: 'ignore' });
  return {
    oidcTokenMs: round(median(times)),
    oidcNote:
      'oidc-token against a running oidc-agent without a configured account (an account needs oidc-gen and a real ' +
      'OIDC flow): one agent round trip, the same process start, no cached token',
  };
}

// eslint-disable-next-line max-lines-per-function -- a bench's set-up, runs and report read top to bottom
export async function benchTools(emit: (record: Record<string, unknown>) => void): Promise<void> {
  const fake: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'bench-fake-server.ts'), '3600', '0'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: fake.stdout as NodeJS.ReadableStream }).once('line', resolve),
  );
  const { tokenUrl } = JSON.parse(line) as { tokenUrl: string };
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-bench-tools-'));
  const env = { ...process.env, TOKEN_WALLET_HOME: home };
  addVyoptaAccount(cli, env, tokenUrl);
  const agent = spawn(process.execPath, [cli, 'agent'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve) =>
    createInterface({ input: agent.stderr as NodeJS.ReadableStream }).on(
      'line',
      (text) => text.includes('agent running') && resolve(),
    ),
  );
  const socket =
    /TOKEN_WALLET_SOCK=(.*)/
      .exec(execFileSync(process.execPath, [cli, 'env'], { env, encoding: 'utf8' }))?.[1]
      ?.replace(/^'(.*)'$/, '$1') ?? '';
  execFileSync('curl', ['-sf', '--unix-socket', socket, 'http://wallet/v1/token/vy'], { env });
  // A CLI that failed early would time as fast: it must hand out the token first.
  if (!/^\S+\n$/.test(execFileSync(process.execPath, [cli, 'token', 'vy'], { env, encoding: 'utf8' })))
    throw new Error('token-wallet token vy printed no token');
  // The full CLI (dist/cli.js) for the same command, as the bin ran it before the fast path.
  const fullCli = pathToFileURL(path.join(root, 'dist', 'cli.js')).href;
  const viaFullCli = ['-e', 'import(process.argv[1]).then((cli) => cli.main(process.argv.slice(2)))', '--'];

  const runs = Number(process.env.BENCH_TOOLS_RUNS ?? 40);
  const curlTimes: number[] = [];
  const nodeTimes: number[] = [];
  const cliTimes: number[] = [];
  const fullCliTimes: number[] = [];
  // Interleaved, so a busy moment of the machine weighs on every series alike.
  for (let run = 0; run < runs; run += 1) {
    curlTimes.push(timeOnce('curl', ['-sf', '--unix-socket', socket, 'http://wallet/v1/token/vy'], env));
    nodeTimes.push(timeOnce(process.execPath, ['-e', '0'], env));
    cliTimes.push(timeOnce(process.execPath, [cli, 'token', 'vy'], env));
    fullCliTimes.push(timeOnce(process.execPath, [...viaFullCli, fullCli, 'token', 'vy'], env));
  }
  const inProcess: number[] = [];
  for (let run = 0; run < 500; run += 1) inProcess.push(await socketRequest(socket, '/v1/token/vy'));
  const oidc = oidcTokenMs(runs);
  agent.kill('SIGTERM');
  fake.stdin?.end();
  emit({
    bench: 'tools-fast-path',
    runs,
    curlUnixSocketMs: round(median(curlTimes)),
    httpRoundTripInProcessMs: round(median(inProcess), 3),
    ...oidc,
    note:
      'curl -sf --unix-socket $TOKEN_WALLET_SOCK http://wallet/v1/token/NAME, process start included; the token ' +
      'is cached by the agent',
  });
  emit({
    bench: 'tools-cli-token',
    runs,
    bareNodeMs: round(median(nodeTimes)),
    tokenWithAgentMs: round(median(cliTimes)),
    withAgentVsBareNode: round(median(cliTimes) / median(nodeTimes)),
    fullCliWithAgentMs: round(median(fullCliTimes)),
    fullCliVsBareNode: round(median(fullCliTimes) / median(nodeTimes)),
    note: 'bin/token-wallet.js answers from dist/token-fast.cjs alone; fullCli: the same command through dist/cli.js',
  });
}
