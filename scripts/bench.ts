// `npm run bench`: prints figures as JSON lines. Not a timed test: nothing here passes or fails.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { httpRequest } from '../app/http/http-client';
import type { AccountRecord } from '../app/model';
import { RenewalService } from '../app/renewal-service';
import { systemClock } from '../app/scheduler/clock';
import { RenewalScheduler } from '../app/scheduler/renewal-scheduler';
import { KeytarSecretStore } from '../app/secrets/keytar-store';
import { MemorySecretStore } from '../app/secrets/secret-store';
import { Wallet } from '../app/wallet';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const accounts = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const measureSeconds = Number(process.env.BENCH_SECONDS ?? 60);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const only = process.env.BENCH_ONLY?.split(',');
const password = 's3cret-Pa55';

function emit(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const median = (values: number[]): number => percentile(values, 50);
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

async function startFakeProcess(
  lifetimeSec: number,
  spreadSec: number,
): Promise<{ child: ChildProcess; url: string; tokenUrl: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'bench-fake-server.ts'), String(lifetimeSec), String(spreadSec)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve),
  );
  return { child, ...(JSON.parse(line) as { url: string; tokenUrl: string }) };
}

function stopFakeProcess(child: ChildProcess): void {
  child.stdin?.end();
}

/** A wallet home with many accounts written at once (adding them one by one would rewrite the config each time). */
async function bulkHome(
  count: number,
  tokenUrl: string,
  secrets: MemorySecretStore,
): Promise<{ home: string; names: string[] }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-bench-'));
  const walletId = randomUUID();
  const records: AccountRecord[] = Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    name: `acct-${index}`,
    provider: 'vyopta',
    url: 'https://api.vyopta.example',
    username: 'alice',
    options: { tokenUrl },
    createdAt: new Date().toISOString(),
  }));
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, walletId, accounts: records }));
  for (const record of records) await secrets.set(`token-wallet:${walletId}`, `${record.id}:password`, password);
  return { home, names: records.map((record) => record.name) };
}

async function benchScheduler(): Promise<void> {
  const fake = await startFakeProcess(20, 40);
  const secrets = new MemorySecretStore();
  const { home, names } = await bulkHome(accounts, fake.tokenUrl, secrets);
  // As the agent runs it: the home's only renewer.
  const wallet = new Wallet({ home, secrets, exclusive: true });
  const service = new RenewalService(wallet, { clock: systemClock, maxConcurrent: 16 });
  let measuring = false;
  const lateness: number[] = [];
  let renewals = 0;
  let failures = 0;
  service.scheduler.onEvent((event) => {
    if (!measuring) return;
    if (event.type === 'renewal-started') lateness.push(event.at - event.dueAt);
    if (event.type === 'renewed') renewals += 1;
    if (event.type === 'renewal-failed' || event.type === 'attention') failures += 1;
  });
  const warmStart = Date.now();
  await service.start();
  // Warm-up: every account logs in once (they all start without a token).
  while (
    service.scheduler.snapshot().some((entry) => entry.state === 'renewing' || (entry.dueAt ?? Infinity) <= Date.now())
  )
    await sleep(200);
  emit({ bench: 'scheduler-warmup', accounts, initialLoginsSeconds: round((Date.now() - warmStart) / 1000) });

  measuring = true;
  let peakRss = process.memoryUsage().rss;
  let served = 0;
  let expiredServed = 0;
  const cpuStart = process.cpuUsage();
  const started = Date.now();
  // Meanwhile a user asks for tokens; each is checked against the server, which knows what it issued.
  const sampler = (async () => {
    while (Date.now() - started < measureSeconds * 1000) {
      const name = names[Math.floor(Math.random() * names.length)] as string;
      const fresh = await wallet.freshToken(name);
      const check = await httpRequest({
        method: 'GET',
        url: new URL(`${fake.url}/api/check`),
        headers: { Authorization: `Bearer ${fresh.token}` },
      });
      served += 1;
      if (check.status !== 200) expiredServed += 1;
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      await sleep(5);
    }
  })();
  await sampler;
  const cpu = process.cpuUsage(cpuStart);
  measuring = false;
  service.stop();
  stopFakeProcess(fake.child);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  emit({
    bench: 'scheduler',
    accounts,
    seconds: measureSeconds,
    renewals,
    failures,
    latenessP50Ms: round(median(lateness)),
    latenessP99Ms: round(percentile(lateness, 99)),
    latenessMaxMs: round(Math.max(...lateness)),
    tokensServed: served,
    expiredServed,
    cpuMsPerRenewal: round(cpuMs / Math.max(1, renewals), 3),
    cpuPercentOfOneCore: round((cpuMs / (measureSeconds * 1000)) * 100, 1),
    peakRssMiB: round(peakRss / 1024 / 1024, 1),
    note: 'secrets in memory (the keychain is measured in the cli and renewal benches); fake server in its own process',
  });
}

async function benchIdle(): Promise<void> {
  const scheduler = new RenewalScheduler({
    clock: systemClock,
    wakeCheckIntervalMs: 30_000,
    renew: async () => ({ ok: true, issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 }),
  });
  const now = Date.now();
  for (let index = 0; index < accounts; index += 1)
    scheduler.track(`a${index}`, { issuedAt: now, expiresAt: now + 3_600_000 + index });
  await sleep(500);
  const start = process.cpuUsage();
  await sleep(idleSeconds * 1000);
  const cpu = process.cpuUsage(start);
  const armedTimers = scheduler.armedTimers;
  scheduler.stop();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  emit({
    bench: 'scheduler-idle',
    accounts,
    seconds: idleSeconds,
    cpuMs: round(cpuMs),
    cpuPercent: round((cpuMs / (idleSeconds * 1000)) * 100, 3),
    armedTimers,
  });
}

async function benchHotPath(): Promise<void> {
  const fake = await startFakeProcess(3600, 0);
  const secrets = new MemorySecretStore();
  const { home, names } = await bulkHome(100, fake.tokenUrl, secrets);
  const wallet = new Wallet({ home, secrets });
  for (const name of names) await wallet.freshToken(name);
  const latencies: number[] = [];
  const iterations = 200_000;
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index += 1) {
    const before = process.hrtime.bigint();
    await wallet.freshToken(names[index % names.length] as string);
    latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  stopFakeProcess(fake.child);
  emit({
    bench: 'hot-path',
    lookups: iterations,
    lookupsPerSecond: Math.round(iterations / seconds),
    p50Ms: round(median(latencies), 4),
    p99Ms: round(percentile(latencies, 99), 4),
  });
}

function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const before = process.hrtime.bigint();
    execFileSync(command, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
    times.push(Number(process.hrtime.bigint() - before) / 1e6);
  }
  return median(times);
}

async function benchCli(): Promise<void> {
  const fake = await startFakeProcess(3600, 0);
  const home = mkdtempSync(path.join(os.tmpdir(), 'tw-bench-cli-'));
  const env = { ...process.env, TOKEN_WALLET_HOME: home };
  const cli = path.join(root, 'bin', 'token-wallet.js');
  execFileSync(
    process.execPath,
    [
      cli,
      'add',
      'vy',
      '--provider',
      'vyopta',
      '--url',
      'https://api.vyopta.example',
      '--username',
      'alice',
      '--token-url',
      fake.tokenUrl,
      '--password-stdin',
    ],
    { env, input: `${password}\n` },
  );
  execFileSync(process.execPath, [cli, 'token', 'vy'], { env });
  const runs = 15;
  const bareNode = timeCommand(process.execPath, ['-e', '0'], env, runs);
  const service = `token-wallet-bench:${randomUUID()}`;
  execFileSync('secret-tool', ['store', '--label=bench', 'service', service, 'account', 'a'], { input: 'secret' });
  const secretTool = timeCommand('secret-tool', ['lookup', 'service', service, 'account', 'a'], env, runs);
  execFileSync('secret-tool', ['clear', 'service', service, 'account', 'a']);
  const withoutAgent = timeCommand(process.execPath, [cli, 'token', 'vy'], env, runs);
  const agent = spawn(process.execPath, [cli, 'agent'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve) =>
    createInterface({ input: agent.stderr as NodeJS.ReadableStream }).on(
      'line',
      (line) => line.includes('agent running') && resolve(),
    ),
  );
  const withAgent = timeCommand(process.execPath, [cli, 'token', 'vy'], env, runs);
  agent.kill('SIGTERM');
  stopFakeProcess(fake.child);
  emit({
    bench: 'cli',
    runs,
    bareNodeMs: round(bareNode),
    secretToolLookupMs: round(secretTool),
    tokenWithoutAgentMs: round(withoutAgent),
    tokenWithAgentMs: round(withAgent),
    withAgentVsBareNode: round(withAgent / bareNode),
    withoutAgentVsBareNode: round(withoutAgent / bareNode),
    withoutAgentVsSecretTool: round(withoutAgent / secretTool),
  });
}

async function benchRenewal(): Promise<void> {
  const fake = await startFakeProcess(3600, 0);
  const runs = 300;
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: 'vyopta',
    username: 'alice',
    password,
  }).toString();
  const fetchTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const before = process.hrtime.bigint();
    const response = await fetch(fake.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    await response.json();
    fetchTimes.push(Number(process.hrtime.bigint() - before) / 1e6);
  }
  const results: Record<string, number> = {};
  // exclusive: as the agent renews (no lock files); shared: as a CLI process without an agent.
  for (const [label, secrets, exclusive] of [
    ['memoryExclusive', new MemorySecretStore(), true],
    ['keychainExclusive', new KeytarSecretStore(), true],
    ['keychainShared', new KeytarSecretStore(), false],
  ] as const) {
    const wallet = new Wallet({ home: mkdtempSync(path.join(os.tmpdir(), 'tw-bench-renew-')), secrets, exclusive });
    await wallet.add(
      {
        name: 'vy',
        provider: 'vyopta',
        url: 'https://api.vyopta.example',
        username: 'alice',
        options: { tokenUrl: fake.tokenUrl },
      },
      password,
    );
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const before = process.hrtime.bigint();
      await wallet.renew('vy');
      times.push(Number(process.hrtime.bigint() - before) / 1e6);
    }
    await wallet.remove('vy');
    results[label] = median(times);
  }
  stopFakeProcess(fake.child);
  const plain = median(fetchTimes);
  emit({
    bench: 'renewal-overhead',
    runs,
    plainFetchMs: round(plain, 3),
    ...Object.fromEntries(
      Object.entries(results).flatMap(([label, ms]) => [
        [`${label}Ms`, round(ms, 3)],
        [`${label}Ratio`, round(ms / plain)],
      ]),
    ),
  });
}

async function benchDashboardSection(): Promise<void> {
  const { benchDashboard } = await import('./bench-dashboard');
  emit(await benchDashboard(1000));
}

async function benchStoresSection(): Promise<void> {
  const { benchFileStore } = await import('./bench-stores');
  emit(await benchFileStore(1000));
}

async function benchToolsSection(): Promise<void> {
  const { benchTools } = await import('./bench-tools');
  await benchTools(emit);
}

// Idle first, so no garbage from the other sections is collected during its quiet 30 s.
const benches: Record<string, () => Promise<void>> = {
  idle: benchIdle,
  dashboard: benchDashboardSection,
  'hot-path': benchHotPath,
  renewal: benchRenewal,
  cli: benchCli,
  tools: benchToolsSection,
  scheduler: benchScheduler,
  stores: benchStoresSection,
};
for (const [name, run] of Object.entries(benches)) {
  if (only !== undefined && !only.includes(name)) continue;
  await run();
}
process.exit(0);
