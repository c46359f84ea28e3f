// The agent of the scheduler bench, in a process of its own run from an esbuild bundle with plain
// node (no tsx loader thread, no harness), so its RSS and CPU are the agent's own. It is the host
// `token-wallet agent` runs (startWalletHost: agent and token sockets, scheduler, reminders, the
// dashboard's service) with the agent's log lines (to /dev/null), and answers `start` / `split` /
// `stop` on stdin with what it measured (since `start`), as JSON lines on stdout.
import { openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import http from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { limitHostHeap } from '../app/agent/host-heap';
import { logHostEvents } from '../app/cli/agent-log';
import { httpRequest } from '../app/http/http-client';
import { tokenSocketPath } from '../app/outputs/token-socket-path';
import { MemorySecretStore } from '../app/secrets/secret-store';
import { parseConfig } from '../app/store/config-store';
import { startWalletHost } from '../app/wallet-host';

const [home = ''] = process.argv.slice(2);
// The fake server's password from the environment (argv is readable by every local user).
const password = process.env.BENCH_FAKE_PASSWORD ?? '';
// First, as `token-wallet agent` does (startWalletHost applies it too): the host's V8 flags.
limitHostHeap();
// Resolves once the line is out: stdout to a pipe is asynchronous, and a big result cut short by exit() is lost.
const send = (record: Record<string, unknown>): Promise<void> =>
  new Promise((resolve) => void process.stdout.write(`${JSON.stringify(record)}\n`, () => resolve()));

/** The kernel's peak resident set of this process (Linux), in bytes; else null. */
function peakRss(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

/**
 * BENCH_PROFILE=<file prefix>: CPU and heap-sampling profiles of the measured phase (of the quiet phase
 * only with BENCH_PROFILE_PHASE=quiet);
 * BENCH_HEAP_SNAPSHOT=<file>: a heap snapshot at its end (what stays in memory per account);
 * BENCH_PROFILE_ALLOCATIONS=all: the heap profile counts every allocation, collected ones too (what a
 * renewal allocates, not only what stays).
 */
async function startProfile(): Promise<() => Promise<void>> {
  const prefix = process.env.BENCH_PROFILE;
  const snapshot = process.env.BENCH_HEAP_SNAPSHOT;
  if (prefix === undefined || prefix === '')
    return async () => void (snapshot === undefined ? undefined : v8.writeHeapSnapshot(snapshot));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await session.post('HeapProfiler.enable');
  const everyAllocation = process.env.BENCH_PROFILE_ALLOCATIONS === 'all';
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: everyAllocation,
    includeObjectsCollectedByMinorGC: everyAllocation,
  });
  return async () => {
    writeFileSync(`${prefix}.cpuprofile`, JSON.stringify((await session.post('Profiler.stop')).profile));
    writeFileSync(`${prefix}.heapprofile`, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
    session.disconnect();
    if (snapshot !== undefined) v8.writeHeapSnapshot(snapshot);
  };
}

const loginForm = (): string =>
  new URLSearchParams({ grant_type: 'password', client_id: 'vyopta', username: 'alice', password }).toString();

type Login = () => Promise<void>;

/** One plain keep-alive node:http login (the same form POST as a renewal's, its JSON answer parsed). */
function nodeHttpLogin(tokenUrl: string, agent: http.Agent): Promise<void> {
  const text = loginForm();
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': `${text.length}` };
    const request = http.request(tokenUrl, { method: 'POST', agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`plain login: HTTP ${response.statusCode}`));
        else resolve(void JSON.parse(Buffer.concat(chunks).toString('utf8')));
      });
    });
    request.on('error', reject);
    request.end(text);
  });
}

/** The same login through the wallet's own transport (undici), nothing else of the wallet. */
function transportLogin(tokenUrl: string): Login {
  const url = new URL(tokenUrl);
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  return async () => {
    const response = await httpRequest({ method: 'POST', url, headers, body: loginForm() });
    if (response.status !== 200) throw new Error(`transport login: HTTP ${response.status}`);
    JSON.parse(response.body.toString('utf8'));
  };
}

/**
 * The floor under CPU per renewal, side by side in the same process, nothing else running: plain
 * logins back to back, 8 at a time (`paced` null: the process never sleeps), or paced as the
 * scheduler sends renewals (`paced`: every 50 ms the logins due in it, at that rate), so the cost
 * of waking the process for each answer counts as it does for a renewal. CPU ms per login.
 */
async function plainLoginCpuMs(login: Login, paced: { perSecond: number } | null): Promise<number> {
  const worker = async (share: number): Promise<void> => {
    for (let index = 0; index < share; index += 1) await login();
  };
  await worker(100);
  const start = process.cpuUsage();
  let count = 3000;
  if (paced === null) await Promise.all(Array.from({ length: 8 }, () => worker(count / 8)));
  else {
    const perBatch = Math.max(1, Math.round(paced.perSecond / 20));
    const pending: Promise<void>[] = [];
    for (let batch = 0; batch < 200; batch += 1) {
      for (let index = 0; index < perBatch; index += 1) pending.push(login());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(pending);
    count = pending.length;
  }
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1000 / count;
}

/**
 * The floor under a token request, in this process once the host has stopped: a bare node:http
 * server on a unix socket answering every request with a canned token and the token socket's
 * headers, nothing looked up. Returns what it has answered and the CPU spent since it started.
 */
async function startBareTokenServer(socketPath: string): Promise<() => { requests: number; cpuMs: number }> {
  const token = `${'x'.repeat(180)}\n`;
  let requests = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    requests += 1;
    response.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': token.length,
      'X-Token-Expires-At': new Date().toISOString(),
    });
    response.end(token);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const start = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(start);
    return { requests, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

// The keychain, in memory (as before): the secrets the agent would read from it.
const secrets = new MemorySecretStore();
const { walletId, accounts } = parseConfig(readFileSync(path.join(home, 'config.json'), 'utf8'), 'config.json');
for (const account of accounts) await secrets.set(`token-wallet:${walletId}`, `${account.id}:password`, password);
const count = accounts.length;

const warmStart = Date.now();
// As `token-wallet agent` starts it (app/cli/agent-command.ts), its stderr lines to /dev/null.
const host = await startWalletHost({ home, secrets, wakeCheckIntervalMs: 30_000 });
const devNull = openSync('/dev/null', 'w');
logHostEvents(host, (text) => void writeSync(devNull, `${new Date().toISOString()} ${text}\n`));
const service = host.renewals;

let measuring = false;
let lateness: number[] = [];
let renewals = 0;
let failures = 0;
let inFlight = 0;
const warmed = new Set<string>();
let sampledPeak = 0;
service.scheduler.onEvent((event) => {
  if (event.type === 'renewal-started') inFlight += 1;
  if (event.type === 'renewed' || event.type === 'renewal-failed' || event.type === 'attention') inFlight -= 1;
  if (!measuring) {
    if (event.type === 'renewed') warmed.add(event.accountId);
    return;
  }
  if (event.type === 'renewal-started') lateness.push(event.at - event.dueAt);
  if (event.type === 'renewed') renewals += 1;
  if (event.type === 'renewal-failed' || event.type === 'attention') failures += 1;
});

// Warm-up: every account logs in once (they all start without a token).
while (warmed.size < count || inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 200));
warmed.clear();
void send({ type: 'warm', initialLoginsSeconds: (Date.now() - warmStart) / 1000, socketPath: tokenSocketPath(home) });

// Time in V8's garbage collector during the measured phase (part of the CPU above).
let gcMs = 0;
new PerformanceObserver((list) => {
  if (measuring) for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

let cpuStart = process.cpuUsage();
const profileQuietPhase = process.env.BENCH_PROFILE_PHASE === 'quiet';
let stopProfile = async (): Promise<void> => undefined;
let sampler: NodeJS.Timeout | null = null;
let bareReplies: (() => { requests: number; cpuMs: number }) | null = null;
let split = { renewals: 0, at: Date.now() };
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'start') {
    if (!profileQuietPhase) stopProfile = await startProfile();
    measuring = true;
    lateness = [];
    renewals = 0;
    failures = 0;
    cpuStart = process.cpuUsage();
    sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())), 250);
  } else if (line === 'split') {
    // The end of the phase with token requests: what it cost, while renewals go on (a quiet phase follows).
    if (profileQuietPhase) stopProfile = await startProfile();
    const cpu = process.cpuUsage(cpuStart);
    split = { renewals, at: Date.now() };
    void send({ type: 'split', renewals, cpuMs: (cpu.user + cpu.system) / 1000, gcMs });
  } else if (line === 'stop') {
    const cpu = process.cpuUsage(cpuStart);
    measuring = false;
    if (sampler !== null) clearInterval(sampler);
    await stopProfile();
    await host.stop();
    const tokenUrl = accounts[0]?.options.tokenUrl ?? '';
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const nodeLogin = (): Promise<void> => nodeHttpLogin(tokenUrl, agent);
    const plainLoginMs = await plainLoginCpuMs(nodeLogin, null);
    const quietPerSecond = (renewals - split.renewals) / Math.max(1, (Date.now() - split.at) / 1000);
    const pacedLoginMs = await plainLoginCpuMs(nodeLogin, { perSecond: quietPerSecond });
    agent.destroy();
    const pacedTransportLoginMs = await plainLoginCpuMs(transportLogin(tokenUrl), { perSecond: quietPerSecond });
    const memory = process.memoryUsage();
    await send({
      type: 'result',
      renewals,
      failures,
      lateness,
      cpuMs: (cpu.user + cpu.system) / 1000,
      cpuSystemMs: cpu.system / 1000,
      gcMs,
      plainLoginMs,
      pacedLoginMs,
      pacedTransportLoginMs,
      peakRss: peakRss() ?? sampledPeak,
      sampledPeakRss: sampledPeak,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      spaces: Object.fromEntries(
        v8.getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_size / 1048576)]),
      ),
    });
    bareReplies = await startBareTokenServer(path.join(home, 'bare-token.sock'));
    await send({ type: 'bare', socketPath: path.join(home, 'bare-token.sock') });
  } else if (line === 'floor' && bareReplies !== null) {
    await send({ type: 'floor', ...bareReplies() });
    break;
  }
}
process.exit(0);
