import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { SignInQueue, type SignInQueueState } from '../../app/auth/oauth/sign-in-queue';
import { buildTrayMenu, type TrayMenuItem } from '../../app/desktop/tray-menu';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { startWalletHost } from '../../app/wallet-host';
import { accountView } from '../helpers/account-view';
import { scriptedHttp } from '../helpers/scripted-http';
import { scriptedIdp, scriptedIssuer } from '../helpers/scripted-idp';

const now = Date.parse('2026-01-01T12:00:00Z');

describe('one sign-in prompt at a time', () => {
  test('the queue runs one turn at a time, in order, and says who waits', async () => {
    const queue = new SignInQueue();
    const states: SignInQueueState[] = [];
    queue.onChange((state) => states.push(state));
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = queue.run('a', () => new Promise<void>((resolve) => (release = resolve)).then(() => order.push('a')));
    const second = queue.run('b', async () => order.push('b'));
    const third = queue.run('c', async () => {
      throw new Error('access_denied');
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(queue.state(), { active: 'a', waiting: ['b', 'c'] });
    release();
    await first;
    await second;
    await assert.rejects(third, /access_denied/);
    assert.deepEqual(order, ['a', 'b']);
    assert.deepEqual(queue.state(), { active: null, waiting: [] }, 'a failed turn frees the queue');
    assert.ok(states.some((state) => state.active === 'b' && state.waiting.join() === 'c'));
  });

  test('through a host: two device sign-ins at once, the second prompt only after the first is done', async () => {
    const idp = scriptedIdp();
    const said: string[] = [];
    const host = await startWalletHost({
      home: mkdtempSync(path.join(os.tmpdir(), 'tw-queue-')),
      secrets: new MemorySecretStore(),
      http: scriptedHttp((request) => idp.handler(request)).transport,
      interaction: { say: (text) => said.push(text), openBrowser: () => false },
    });
    const events: SignInQueueState[] = [];
    host.ui.onEvent((event) => {
      if (event.type === 'sign-in-queue') events.push(event.queue);
    });
    try {
      for (const name of ['a', 'b']) {
        const options = { issuer: scriptedIssuer, clientId: 'tv', grant: 'device_code' as const };
        await host.wallet.add({ name, provider: 'oidc', url: scriptedIssuer, username: '', options }, '');
      }
      const both = Promise.all([host.ui.login('a'), host.ui.login('b')]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(await host.ui.signInQueue(), { active: 'a', waiting: ['b'] });
      assert.equal(said.filter((line) => line.startsWith('To sign in')).length, 1, 'one prompt at a time');
      await both;
      assert.deepEqual(
        said.filter((line) => line.startsWith('To sign in')).map((line) => /sign in to (\w+)/.exec(line)?.[1]),
        ['a', 'b'],
      );
      assert.equal(idp.counts.signIns, 2);
      assert.deepEqual(events.at(-1), { active: null, waiting: [] });
      assert.ok(events.some((state) => state.active === 'b'));
    } finally {
      await host.stop();
    }
  });
});

describe('tray: Sign in and the queue', () => {
  const labels = (items: TrayMenuItem[] | undefined): string[] => (items ?? []).map((item) => item.label ?? '-');

  test('a browser account that needs sign-in offers "Sign in"; queued ones say they wait; the queue is on top', () => {
    const web = accountView({
      id: 'w',
      name: 'web',
      status: 'attention',
      options: { grant: 'authorization_code' },
      lastError: { kind: 'credentials', message: 'needs sign-in: run token-wallet login web', at: now },
    });
    const tv = accountView({ id: 't', name: 'tv', status: 'none', options: { grant: 'device_code' } });
    const vss = accountView({ id: 'v', name: 'vss', status: 'attention' });
    const idle = buildTrayMenu([web, tv, vss], now);
    const [tvItem, vssItem, webItem] = idle;
    assert.equal(webItem?.label, 'web (needs sign-in)');
    assert.deepEqual(webItem?.submenu?.find((item) => item.label === 'Sign in')?.action, {
      type: 'login',
      accountId: 'w',
    });
    assert.ok(labels(tvItem?.submenu).includes('Sign in'));
    assert.ok(!labels(vssItem?.submenu).includes('Sign in'), 'a password account is fixed by editing it');

    const busy = buildTrayMenu([web, tv, vss], now, { signIns: { active: 'web', waiting: ['tv'] } });
    assert.equal(busy[0]?.label, 'Signing in: web · waiting to sign in: tv');
    assert.equal(busy[0]?.enabled, false);
    const tvBusy = busy.find((item) => item.label?.startsWith('tv '));
    const webBusy = busy.find((item) => item.label?.startsWith('web '));
    assert.ok(labels(tvBusy?.submenu).includes('Waiting to sign in'));
    assert.ok(labels(webBusy?.submenu).includes('Signing in…'));
    assert.ok(!labels(tvBusy?.submenu).includes('Sign in'));
  });
});
