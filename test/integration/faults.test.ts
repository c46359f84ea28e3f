import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RenewalService } from '../../app/renewal-service';
import { systemClock } from '../../app/scheduler/clock';
import type { SchedulerEvent } from '../../app/scheduler/renewal-scheduler';
import { KeytarSecretStore } from '../../app/secrets/keytar-store';
import { httpRequest } from '../../app/http/http-client';
import { Wallet } from '../../app/wallet';
import { startFake, type Fake } from '../fakes/index';
import { tempWalletHome } from '../helpers/cli-runner';

/**
 * The fault suite: real wallet, real keychain, real scheduler and clock, fake servers misbehaving.
 * Lifetimes are a few seconds; every token handed out during a fault must still be valid.
 */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('faults', () => {
  let fake: Fake & Awaited<ReturnType<typeof startFake<'veeam-vao'>>>;
  let wallet: Wallet;
  let service: RenewalService;
  const events: SchedulerEvent[] = [];
  let renewals = 0;
  const renewalsSoFar = (): number => renewals;

  before(async () => {
    fake = await startFake('veeam-vao', { lifetimeSec: 4 });
    wallet = new Wallet({
      home: tempWalletHome('tw-faults-'),
      secrets: new KeytarSecretStore(),
      http: (request) => httpRequest({ ...request, timeoutMs: 1000 }),
    });
    await wallet.add({ name: 'vao', provider: 'veeam-vao', url: fake.url, username: 'vao\\alice' }, 's3cret-Pa55');
    // Renewals happen in the scheduler or on demand (a token asked for near its end): count both.
    wallet.onEvent((event) => {
      if (event.type === 'renewed') renewals += 1;
    });
    service = new RenewalService(wallet, { clock: systemClock });
    service.scheduler.onEvent((event) => events.push(event));
    await service.start();
    await until(() => renewals > 0, 5000, 'the first renewal');
  });

  after(async () => {
    service.stop();
    await wallet.remove('vao').catch(() => undefined);
    await fake.close();
  });

  /** Asks for tokens while a fault lasts; each must be valid at the server when handed out. */
  async function serveThrough(ms: number): Promise<number> {
    const deadline = Date.now() + ms;
    let served = 0;
    while (Date.now() < deadline) {
      try {
        const fresh = await wallet.freshToken('vao');
        assert.ok(fake.isValid(fresh.token), 'a token handed out during the fault was not valid');
        served += 1;
      } catch {
        // The old token ran out while the server was down: an error, never an expired token.
      }
      await sleep(100);
    }
    return served;
  }

  test('a burst of 5xx answers is retried with back-off and recovers', async () => {
    fake.knobs.failNext = [500, 502, 503].map((status) => ({ status, body: '{"message":"down"}' }));
    const served = await serveThrough(2500);
    assert.ok(served > 0, 'the still-valid token was served during the burst');
    await until(() => fake.knobs.failNext.length === 0, 15_000, 'the failures to be consumed');
    const renewed = renewalsSoFar();
    await until(() => renewalsSoFar() > renewed, 15_000, 'recovery');
    assert.ok(events.some((event) => event.type === 'renewal-failed' && /HTTP 50/.test(event.error.message)));
    assert.ok(fake.isValid((await wallet.freshToken('vao')).token));
  });

  test('connection resets are retried', async () => {
    fake.knobs.resetNext = 2;
    await serveThrough(1500);
    await until(() => fake.knobs.resetNext === 0, 15_000, 'the resets to be consumed');
    const renewed = renewalsSoFar();
    await until(() => renewalsSoFar() > renewed, 15_000, 'recovery after resets');
    assert.ok(events.some((event) => event.type === 'renewal-failed' && /reset/.test(event.error.message)));
  });

  test('so far (no time-outs), one session at a time', () => {
    assert.equal(fake.maxConcurrentSessions, 1);
  });

  test('slow answers past the time-out are retried; once fast again, renewal works', async () => {
    fake.knobs.delayMs = 1500;
    await until(
      () => events.some((event) => event.type === 'renewal-failed' && /no answer within/.test(event.error.message)),
      8000,
      'a time-out',
    );
    fake.knobs.delayMs = 0;
    const renewed = renewalsSoFar();
    await until(() => renewalsSoFar() > renewed, 15_000, 'recovery after slowness');
    assert.ok(fake.isValid((await wallet.freshToken('vao')).token));
  });

  test('a server restart: refused while down, renewed when back', async () => {
    // Down for longer than a lifetime, so renewals must fail meanwhile.
    const restarting = fake.restart(4500);
    await serveThrough(4000);
    await restarting;
    const renewed = renewalsSoFar();
    await until(() => renewalsSoFar() > renewed, 15_000, 'renewal after the restart');
    assert.ok(
      events.some(
        (event) =>
          event.type === 'renewal-failed' &&
          event.error.kind === 'unreachable' &&
          /refused|reset/.test(event.error.message),
      ),
    );
    assert.ok(fake.isValid((await wallet.freshToken('vao')).token));
  });
});

describe('rate limits', () => {
  test('a 429 with Retry-After is obeyed by the scheduler', async () => {
    const fake = await startFake('vss', { lifetimeSec: 3 });
    const wallet = new Wallet({ home: tempWalletHome('tw-rate-'), secrets: new KeytarSecretStore() });
    const events: SchedulerEvent[] = [];
    const service = new RenewalService(wallet, { clock: systemClock });
    try {
      await wallet.add({ name: 'vss', provider: 'vss', url: fake.url, username: 'alice' }, 's3cret-Pa55');
      fake.knobs.failNext = [{ status: 429, body: '{"message":"slow down"}', headers: { 'Retry-After': '2' } }];
      service.scheduler.onEvent((event) => events.push(event));
      const started = Date.now();
      await service.start();
      await until(() => events.some((event) => event.type === 'renewed'), 8000, 'renewal after the rate limit');
      const failed = events.find((event) => event.type === 'renewal-failed');
      assert.ok(failed !== undefined && failed.type === 'renewal-failed');
      assert.ok(failed.nextAttemptAt - failed.at >= 2000, 'waited at least Retry-After');
      assert.ok(Date.now() - started >= 2000);
      assert.equal(fake.stats.tokenRequests.length, 2, 'no request while the server asked us to wait');
    } finally {
      service.stop();
      await wallet.remove('vss').catch(() => undefined);
      await fake.close();
    }
  });
});
