// The scheduler section of `npm run bench`: 10,000 accounts renewing against a fake server in its
// own process, while a user asks for tokens; lateness, CPU per renewal and peak RSS.
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';
import { Session } from 'node:inspector/promises';
import { httpRequest } from '../app/http/http-client';
import { RenewalService } from '../app/renewal-service';
import { systemClock } from '../app/scheduler/clock';
import { MemorySecretStore } from '../app/secrets/secret-store';
import { Wallet } from '../app/wallet';
import { bulkHome, median, percentile, round, sleep, startFakeProcess, stopFakeProcess } from './bench-support';

/** BENCH_PROFILE=<file prefix>: a CPU profile and a heap sampling profile of the measured phase only. */
async function startProfile(): Promise<() => Promise<void>> {
  const prefix = process.env.BENCH_PROFILE;
  if (prefix === undefined || prefix === '') return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096 });
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${prefix}.cpuprofile`, JSON.stringify(profile));
    const heap = await session.post('HeapProfiler.stopSampling');
    writeFileSync(`${prefix}.heapprofile`, JSON.stringify(heap.profile));
    session.disconnect();
  };
}

export interface SchedulerBenchOptions {
  accounts: number;
  measureSeconds: number;
  emit(record: Record<string, unknown>): void;
}

export async function benchScheduler(options: SchedulerBenchOptions): Promise<void> {
  const { accounts, measureSeconds, emit } = options;
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
  const stopProfile = await startProfile();
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
  await stopProfile();
  // BENCH_HEAP_SNAPSHOT=<file>: what stays in memory per account (read it in Chrome's DevTools).
  if (process.env.BENCH_HEAP_SNAPSHOT !== undefined) v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
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
