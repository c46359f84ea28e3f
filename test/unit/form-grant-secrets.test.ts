import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AccountInput } from '../../app/account-input';
import { dispatchUi, validateUiRequest } from '../../app/contract-validation';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { UiService } from '../../app/ui-service';
import { Wallet } from '../../app/wallet';
import { startOidcServer, type OidcServer } from '../fakes/oidc-server';

/**
 * The dashboard form's "Test credentials" and Save for grants that send no password: the UI contract
 * carries the client secret, and an empty password is no error where the grant sends none.
 */
describe('form secrets through the UI contract', () => {
  let server: OidcServer;
  let ui: UiService;
  let wallet: Wallet;
  const service = (name: string): AccountInput => ({
    name,
    provider: 'oidc',
    url: server.issuer,
    username: '',
    options: { issuer: server.issuer, clientId: 'tw-service', grant: 'client_credentials' },
  });
  const call = async (method: string, ...params: unknown[]) => dispatchUi(ui, validateUiRequest(method, params));

  before(async () => {
    server = await startOidcServer();
    wallet = new Wallet({
      home: mkdtempSync(path.join(os.tmpdir(), 'tw-form-grant-')),
      secrets: new MemorySecretStore(),
    });
    ui = new UiService({ wallet });
  });
  after(async () => {
    ui.dispose();
    await server.close();
  });

  test('testNew for client credentials: no password, the client secret checked by the server', async () => {
    const before = server.stats.clientCredentialsGrants;
    await call('testNew', service('svc-check'), '', { clientSecret: 'tw-service-secret' });
    assert.equal(server.stats.clientCredentialsGrants, before + 1, 'the server issued a token for the check');
    await assert.rejects(call('testNew', service('svc-check'), '', { clientSecret: 'wrong' }), /client was rejected/);
    assert.deepEqual(await wallet.list(), [], 'a check saves nothing');
  });

  test('testNew still wants a password where the grant sends one, and refuses an empty client secret', async () => {
    const passwordGrant = {
      ...service('pw'),
      username: 'alice',
      options: { issuer: server.issuer, grant: 'password' },
    };
    await assert.rejects(call('testNew', passwordGrant, ''), /password is empty/);
    await assert.rejects(call('testNew', service('svc'), '', { clientSecret: '' }), /empty/);
    await assert.rejects(call('testNew', service('svc'), '', { verify: true }), /unknown field "verify"/);
  });

  test('add keeps the client secret: the saved account gets its token from the server', async () => {
    await call('add', service('svc'), '', { clientSecret: 'tw-service-secret' });
    const { token } = await wallet.freshToken('svc');
    assert.ok(await server.isActive(token), 'the server knows the token');
  });
});
