import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeytarSecretStore } from '../../app/secrets/keytar-store';
import { Wallet } from '../../app/wallet';
import { startFake } from '../fakes/index';
import { startOidcServer } from '../fakes/oidc-server';
import { tempWalletHome } from '../helpers/cli-runner';

/** Each document's quirks, against its fake server, with the real keychain. */
const password = 's3cret-Pa55';

function wallet(): Wallet {
  return new Wallet({ home: tempWalletHome('tw-quirks-'), secrets: new KeytarSecretStore() });
}

describe('Veeam VAO', () => {
  test('a domain\\user name arrives intact and the account keeps one session', async () => {
    const fake = await startFake('veeam-vao');
    const w = wallet();
    try {
      await w.add({ name: 'vao', provider: 'veeam-vao', url: fake.url, username: 'vao\\alice' }, password);
      const first = await w.freshToken('vao');
      assert.equal(fake.lastUsername, 'vao\\alice');
      await w.renew('vao');
      assert.equal(fake.stats.refreshes, 1, 'renewal used the refresh token');
      assert.equal(fake.stats.logins, 1);
      assert.equal(fake.isValid(first.token), false, 'the refreshed pair replaced the old one');
      await w.test('vao');
      await w.renew('vao');
      assert.equal(fake.maxConcurrentSessions, 1, 'never two sessions of one user at once');
      await w.logout('vao');
      assert.equal(fake.stats.logouts, 2, 'test ended the old session, logout the current one');
      assert.equal(fake.activeSessions('vao\\alice'), 0);
    } finally {
      await w.remove('vao').catch(() => undefined);
      await fake.close();
    }
  });

  test('a refused refresh token falls back to a password login', async () => {
    const fake = await startFake('veeam-vao');
    const w = wallet();
    try {
      await w.add({ name: 'vao', provider: 'veeam-vao', url: fake.url, username: 'vao\\alice' }, password);
      await w.freshToken('vao');
      fake.knobs.failNext = [
        { status: 400, body: '{"error":"invalid_grant","error_description":"Invalid refresh token."}' },
      ];
      await w.renew('vao');
      assert.equal(fake.stats.logins, 2);
      assert.equal((await w.get('vao')).status, 'fresh');
    } finally {
      await w.remove('vao').catch(() => undefined);
      await fake.close();
    }
  });
});

describe('Sensu Go', () => {
  for (const skewSec of [600, -600]) {
    test(`expires_at corrected for a clock ${skewSec > 0 ? 'ahead' : 'behind'} by ${Math.abs(skewSec)} s`, async () => {
      const fake = await startFake('sensu', { lifetimeSec: 900 });
      fake.knobs.clockSkewSec = skewSec;
      const w = wallet();
      try {
        await w.add({ name: 's', provider: 'sensu', url: fake.url, username: 'alice' }, password);
        const before = Date.now();
        const fresh = await w.freshToken('s');
        const lifetime = fresh.expiresAt - before;
        assert.ok(Math.abs(lifetime - 900_000) < 3000, `lifetime on our clock ${lifetime} ms, expected about 900 s`);
        assert.equal(fake.stats.logins, 1, 'no renewal loop from a skewed clock');
        assert.equal((await w.freshToken('s')).token, fresh.token);
      } finally {
        await w.remove('s').catch(() => undefined);
        await fake.close();
      }
    });
  }

  test('refresh tokens rotate and the new one is kept for the next renewal', async () => {
    const fake = await startFake('sensu');
    const w = wallet();
    try {
      await w.add({ name: 's', provider: 'sensu', url: fake.url, username: 'alice' }, password);
      await w.freshToken('s');
      await w.renew('s');
      await w.renew('s');
      assert.equal(fake.stats.refreshes, 2);
      assert.equal(fake.stats.logins, 1, 'both renewals were refreshes with the rotated token');
      assert.equal(fake.refreshTokens.size, 1, 'only the newest refresh token is alive');
    } finally {
      await w.remove('s').catch(() => undefined);
      await fake.close();
    }
  });

  test('test uses /auth/test and opens no session', async () => {
    const fake = await startFake('sensu');
    const w = wallet();
    try {
      await w.add({ name: 's', provider: 'sensu', url: fake.url, username: 'alice' }, password);
      await w.test('s');
      assert.equal(fake.stats.tests, 1);
      assert.equal(fake.stats.logins, 0);
    } finally {
      await w.remove('s').catch(() => undefined);
      await fake.close();
    }
  });
});

describe('Ribbon SBC', () => {
  test('early re-authentication keeps the configuration lock with our new token', async () => {
    const fake = await startFake('ribbon-sbc');
    const w = wallet();
    try {
      await w.add({ name: 'sbc', provider: 'ribbon-sbc', url: fake.url, username: 'alice' }, password);
      const first = await w.freshToken('sbc');
      fake.takeConfigLock(first.token);
      await w.renew('sbc');
      const second = await w.freshToken('sbc');
      assert.notEqual(second.token, first.token);
      assert.equal(fake.stats.reauths, 1, 'renewal was a re-authentication, not a fresh login');
      assert.equal(fake.configLockHolder.token, second.token, 'the lock moved to the new token');
      const lifetime = second.expiresAt - Date.now();
      assert.ok(lifetime > 590_000 && lifetime <= 600_000, 'ten minutes from receipt');
    } finally {
      await w.remove('sbc').catch(() => undefined);
      await fake.close();
    }
  });
});

describe('Vyopta', () => {
  test('renewal logs in again: no refresh grant is ever sent', async () => {
    const fake = await startFake('vyopta');
    const w = wallet();
    try {
      await w.add(
        {
          name: 'vy',
          provider: 'vyopta',
          url: 'https://api.vyopta.example',
          username: 'alice',
          options: { tokenUrl: fake.tokenUrl },
        },
        password,
      );
      await w.freshToken('vy');
      await w.renew('vy');
      assert.deepEqual(
        fake.stats.tokenRequests.map((request) => request.kind),
        ['password', 'password'],
      );
    } finally {
      await w.remove('vy').catch(() => undefined);
      await fake.close();
    }
  });
});

describe('OpenID Connect', () => {
  test('discovery, refresh with rotation, and logout revokes the refresh token', async () => {
    const server = await startOidcServer();
    const w = wallet();
    try {
      await w.add(
        {
          name: 'idp',
          provider: 'oidc',
          url: server.issuer,
          username: 'alice',
          options: { issuer: server.issuer, clientId: 'tw-public' },
        },
        password,
      );
      await w.freshToken('idp');
      await w.renew('idp');
      await w.renew('idp');
      assert.equal(server.stats.passwordGrants, 1);
      assert.equal(server.stats.refreshGrants, 2);
      await w.logout('idp');
      // RFC 7009: the refresh token, then the access token.
      assert.equal(server.stats.revocations, 2);
    } finally {
      await w.remove('idp').catch(() => undefined);
      await server.close();
    }
  });

  test('a wrong password is "credentials rejected" with the server’s reason', async () => {
    const server = await startOidcServer();
    const w = wallet();
    try {
      await w.add(
        {
          name: 'idp',
          provider: 'oidc',
          url: server.issuer,
          username: 'alice',
          options: { issuer: server.issuer, clientId: 'tw-public' },
        },
        'wrong',
      );
      await assert.rejects(
        w.freshToken('idp'),
        (error: Error & { kind?: string }) =>
          error.kind === 'credentials' && /invalid username or password/.test(error.message),
      );
    } finally {
      await w.remove('idp').catch(() => undefined);
      await server.close();
    }
  });
});
