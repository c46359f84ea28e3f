import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeytarSecretStore } from '../../app/secrets/keytar-store';
import { Wallet } from '../../app/wallet';
import { startOidcServer } from '../fakes/oidc-server';
import { tempWalletHome } from '../helpers/cli-runner';

/** Logout revokes the refresh token at the server even when the access token has already expired. */
test('logout after the access token expired still revokes the refresh token', async () => {
  const server = await startOidcServer({ accessTokenTtlSec: 1 });
  const wallet = new Wallet({ home: tempWalletHome('tw-oidc-logout-'), secrets: new KeytarSecretStore() });
  try {
    await wallet.add(
      {
        name: 'idp',
        provider: 'oidc',
        url: server.issuer,
        username: 'alice',
        options: { issuer: server.issuer, clientId: 'tw-public' },
      },
      's3cret-Pa55',
      { verify: true },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const before = server.stats.revocations;
    await wallet.logout('idp');
    assert.ok(server.stats.revocations - before >= 1, 'the refresh token was revoked');
    assert.equal((await wallet.get('idp')).status, 'logged-out');
  } finally {
    await wallet.remove('idp').catch(() => undefined);
    await server.close();
  }
});
