// `npm run bench`: prints figures as JSON lines. Not a timed test: nothing here passes or fails.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../app/scheduler/clock';
import { RenewalScheduler } from '../app/scheduler/renewal-scheduler';
import { KeytarSecretStore } from '../app/secrets/keytar-store';
import { MemorySecretStore } from '../app/secrets/secret-store';
import { Wallet } from '../app/wallet';
import {
  bulkHome,
  median,
  password,
  percentile,
  round,
  sleep,
  startFakeProcess,
  stopFakeProcess,
  addVyoptaAccount,
} from './bench-support';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const accounts = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const measureSeconds = Number(process.env.BENCH_SECONDS ?? 60);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const only = process.env.BENCH_ONLY?.split(',');

function emit(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
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
  addVyoptaAccount(cli, env, fake.tokenUrl);
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

async function benchSchedulerSection(): Promise<void> {
  const { benchScheduler } = await import('./bench-scheduler');
  await benchScheduler({ accounts, measureSeconds, emit });
}

async function benchRedactionSection(): Promise<void> {
  const { benchRedaction } = await import('./bench-redaction');
  emit(benchRedaction(accounts));
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
  scheduler: benchSchedulerSection,
  stores: benchStoresSection,
  redaction: benchRedactionSection,
};
for (const [name, run] of Object.entries(benches)) {
  if (only !== undefined && !only.includes(name)) continue;
  await run();
}
process.exit(0);
