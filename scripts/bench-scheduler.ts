// The scheduler section of `npm run bench`: an agent renewing 10,000 accounts against a fake server
// (each in a process of its own), while a user asks it for tokens through its token socket and
// checks each with the server. Lateness, CPU per renewal and peak RSS are the agent process's own.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { httpRequest } from '../app/http/http-client';
import { MemorySecretStore } from '../app/secrets/secret-store';
import {
  bulkHome,
  median,
  password,
  percentile,
  round,
  sleep,
  startFakeProcess,
  stopFakeProcess,
} from './bench-support';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The quiet phase after the measured one (no token requests): half of it, 10 to 30 s. */
const quietSeconds = (measureSeconds: number): number => Math.min(30, Math.max(10, Math.round(measureSeconds / 2)));

export interface SchedulerBenchOptions {
  accounts: number;
  measureSeconds: number;
  emit(record: Record<string, unknown>): void;
}

interface AgentResult {
  renewals: number;
  failures: number;
  lateness: number[];
  cpuMs: number;
  cpuSystemMs: number;
  gcMs: number;
  plainLoginMs: number;
  pacedLoginMs: number;
  pacedTransportLoginMs: number;
  peakRss: number;
  sampledPeakRss: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  spaces: Record<string, number>;
}

/** The agent side as one ESM file for plain node, as the CLI is shipped (dist/ is built the same way). */
async function bundleAgent(): Promise<string> {
  const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tw-bench-agent-')), 'agent.mjs');
  await build({
    entryPoints: [path.join(here, 'bench-scheduler-agent.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['keytar', 'electron'],
    legalComments: 'none',
    minifyWhitespace: true,
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

function tokenFromAgent(socketPath: string, name: string): Promise<{ status: number; token: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, path: `/v1/token/${encodeURIComponent(name)}` }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, token: body.trim() }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** A user asking for a token about every 5 ms, each checked against the server that issued it. */
async function askForTokens(
  socketPath: string,
  serverUrl: string,
  names: readonly string[],
  seconds: number,
): Promise<{ served: number; expiredServed: number; refused: number }> {
  const counts = { served: 0, expiredServed: 0, refused: 0 };
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    const name = names[Math.floor(Math.random() * names.length)] as string;
    const fresh = await tokenFromAgent(socketPath, name);
    if (fresh.status !== 200) counts.refused += 1;
    const check = await httpRequest({
      method: 'GET',
      url: new URL(`${serverUrl}/api/check`),
      headers: { Authorization: `Bearer ${fresh.token}` },
    });
    counts.served += 1;
    if (check.status !== 200) counts.expiredServed += 1;
    await sleep(5);
  }
  return counts;
}

/**
 * CPU per renewal from the quiet phase (renewals alone); a token request's share from the measured
 * phase, less its renewals at the quiet phase's rate; and the measured phase's CPU over its renewals.
 */
function cpuFigures(input: {
  split: { renewals: number; cpuMs: number };
  quietCpuMs: number;
  quietRenewals: number;
  served: number;
}): Record<string, number> {
  const { split, quietCpuMs, quietRenewals, served } = input;
  const perRenewal = quietCpuMs / Math.max(1, quietRenewals);
  return {
    cpuMsPerRenewal: round(perRenewal, 3),
    cpuMsPerTokenRequest: round((split.cpuMs - perRenewal * split.renewals) / Math.max(1, served), 3),
    cpuMsPerRenewalWithTokenRequests: round(split.cpuMs / Math.max(1, split.renewals), 3),
    tokenRequestsPerRenewal: round(served / Math.max(1, split.renewals), 2),
  };
}

// eslint-disable-next-line max-lines-per-function -- a bench's set-up, runs and report read top to bottom
export async function benchScheduler(options: SchedulerBenchOptions): Promise<void> {
  const { accounts, measureSeconds, emit } = options;
  const fake = await startFakeProcess(20, 40);
  // The agent fills its own in-memory keychain (same password for every account).
  const { home, names } = await bulkHome(accounts, fake.tokenUrl, new MemorySecretStore());
  // BENCH_AGENT_FLAGS: extra node flags to compare (users get none: the host sets its own, host-heap.ts);
  // a figure made with them says so in its record.
  const flags = (process.env.BENCH_AGENT_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
  // The fake server's password goes in the child's environment, never its argv (readable by every local user).
  const agent = spawn(process.execPath, [...flags, await bundleAgent(), home], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_FAKE_PASSWORD: password },
  });
  const lines = createInterface({ input: agent.stdout });
  // Queued: the agent may send two lines in one chunk (its result, then the bare server's socket), and
  // readline emits both at once, before an awaiting caller could listen again.
  const received: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter === undefined) received.push(line);
    else waiter(line);
  });
  const next = (): Promise<Record<string, unknown>> =>
    new Promise<string>((resolve) => {
      const line = received.shift();
      if (line === undefined) waiting.push(resolve);
      else resolve(line);
    }).then((line) => JSON.parse(line) as Record<string, unknown>);
  const warm = (await next()) as { initialLoginsSeconds: number; socketPath: string };
  emit({ bench: 'scheduler-warmup', accounts, initialLoginsSeconds: round(warm.initialLoginsSeconds) });

  agent.stdin.write('start\n');
  // Meanwhile a user asks for tokens; each is checked against the server, which knows what it issued.
  const { served, expiredServed, refused } = await askForTokens(warm.socketPath, fake.url, names, measureSeconds);
  const splitLine = next();
  agent.stdin.write('split\n');
  const split = (await splitLine) as unknown as { renewals: number; cpuMs: number; gcMs: number };
  // Then a quiet phase, nobody asking for tokens: the agent's cost of renewing alone (a figure of its own).
  await sleep(quietSeconds(measureSeconds) * 1000);
  const resultLine = next();
  agent.stdin.write('stop\n');
  const result = (await resultLine) as unknown as AgentResult;
  const quietRenewals = result.renewals - split.renewals;
  // The floor under a token request: the same asking, of a bare server in the agent's process.
  const bare = (await next()) as unknown as { socketPath: string };
  const floorLine = next();
  await askForTokens(bare.socketPath, fake.url, names, Math.min(20, measureSeconds));
  agent.stdin.write('floor\n');
  const floor = (await floorLine) as unknown as { requests: number; cpuMs: number };
  stopFakeProcess(fake.child);
  const { lateness } = result;
  const mib = (bytes: number): number => round(bytes / 1024 / 1024, 1);
  emit({
    bench: 'scheduler',
    accounts,
    ...(flags.length === 0 ? {} : { extraAgentFlags: flags.join(' ') }),
    seconds: measureSeconds,
    renewals: split.renewals,
    quietRenewals,
    failures: result.failures,
    latenessP50Ms: round(median(lateness)),
    latenessP99Ms: round(percentile(lateness, 99)),
    latenessMaxMs: round(Math.max(...lateness)),
    tokensServed: served,
    tokenRequestsRefused: refused,
    expiredServed,
    ...cpuFigures({ split, quietCpuMs: result.cpuMs - split.cpuMs, quietRenewals, served }),
    quietSeconds: quietSeconds(measureSeconds),
    plainLoginCpuMs: round(result.plainLoginMs, 3),
    pacedPlainLoginCpuMs: round(result.pacedLoginMs, 3),
    pacedTransportLoginCpuMs: round(result.pacedTransportLoginMs, 3),
    bareTokenReplyCpuMs: round(floor.cpuMs / Math.max(1, floor.requests), 3),
    renewalToPacedLogin: round((result.cpuMs - split.cpuMs) / Math.max(1, quietRenewals) / result.pacedLoginMs, 1),
    renewalToPacedTransportLogin: round(
      (result.cpuMs - split.cpuMs) / Math.max(1, quietRenewals) / result.pacedTransportLoginMs,
      1,
    ),
    gcMsPerRenewal: round(split.gcMs / Math.max(1, split.renewals), 3),
    cpuSystemShare: round(result.cpuSystemMs / Math.max(1, result.cpuMs), 2),
    cpuPercentOfOneCore: round((split.cpuMs / (measureSeconds * 1000)) * 100, 1),
    peakRssMiB: mib(result.peakRss),
    measuredPeakRssMiB: mib(result.sampledPeakRss),
    heapUsedMiB: mib(result.heapUsed),
    heapTotalMiB: mib(result.heapTotal),
    heapSpacesMiB: result.spaces,
    note:
      'the agent in its own process from a bundle (plain node): peak RSS is its whole life (VmHWM), warm-up included;' +
      ' cpuMsPerRenewal: its CPU in a quiet phase after the measured one, renewals alone (scheduler, HTTP, state);' +
      ' cpuMsPerTokenRequest: what the token socket added per request while the user asked (the rest of the' +
      " measured phase); cpuMsPerRenewalWithTokenRequests: the measured phase's CPU over its renewals;" +
      ' lateness and peak RSS cover both phases; secrets in memory; fake server in its own process;' +
      ' plainLoginCpuMs: a bare keep-alive node:http login in the same process afterwards, 8 at a time back to back;' +
      ' pacedPlainLoginCpuMs: the same sent as the scheduler sends renewals (every 50 ms, at the quiet rate);' +
      " pacedTransportLoginCpuMs: the same paced login through the wallet's own HTTP client (undici);" +
      ' bareTokenReplyCpuMs: a bare node:http server in the agent process answering the same asking (floor)',
  });
}
