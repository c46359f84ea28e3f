import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { validateAccountInput } from '../../app/account-input';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { Wallet } from '../../app/wallet';
import { scriptedHttp } from '../helpers/scripted-http';
import { scriptedIdp, scriptedIssuer } from '../helpers/scripted-idp';

const hour = 3_600_000;

function deviceWallet(idp: ReturnType<typeof scriptedIdp>, clock: { now: number }) {
  const now = (): number => clock.now;
  const http = scriptedHttp((request) => idp.handler(request), now);
  return new Wallet({
    home: mkdtempSync(path.join(os.tmpdir(), 'tw-session-')),
    secrets: new MemorySecretStore(),
    http: http.transport,
    now,
    interaction: { say: () => undefined, openBrowser: () => false },
  });
}

const input = (options: Record<string, string> = {}) => ({
  name: 'tv',
  provider: 'oidc',
  url: scriptedIssuer,
  username: '',
  options: { issuer: scriptedIssuer, clientId: 'tv', grant: 'device_code' as const, ...options },
});

describe('a configured maximum session (--max-session)', () => {
  test('sets the sign-in deadline when the server gives none; a refresh does not move it', async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') };
    const idp = scriptedIdp();
    const wallet = deviceWallet(idp, clock);
    await wallet.add(input({ maxSession: '12h' }), '');
    await wallet.login('tv');
    const signedInAt = clock.now;
    assert.equal((await wallet.get('tv')).signInBy, signedInAt + 12 * hour);
    clock.now += 2 * hour;
    await wallet.renew('tv');
    assert.equal(idp.counts.refreshes, 1, 'renewed with the (rotated) refresh token');
    assert.equal((await wallet.get('tv')).signInBy, signedInAt + 12 * hour, 'a refresh does not extend the session');
  });

  test("the server's own refresh-token end wins over the configured maximum", async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') };
    const wallet = deviceWallet(scriptedIdp({ refreshExpiresIn: 3600 }), clock);
    await wallet.add(input({ maxSession: '12h' }), '');
    await wallet.login('tv');
    assert.equal((await wallet.get('tv')).signInBy, clock.now + hour);
  });

  test('without it and without the server saying, the deadline stays unknown', async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') };
    const wallet = deviceWallet(scriptedIdp(), clock);
    await wallet.add(input(), '');
    await wallet.login('tv');
    assert.equal((await wallet.get('tv')).signInBy, undefined);
  });

  test('durations are checked when saved', () => {
    assert.throws(() => validateAccountInput(input({ maxSession: 'soon' })), /--max-session takes a duration/);
    assert.throws(
      () => validateAccountInput(input({ remindBefore: '10s' })),
      /--remind-before takes at least a minute/,
    );
    assert.equal(validateAccountInput(input({ maxSession: ' 1d12h ' })).options.maxSession, '1d12h');
  });
});
