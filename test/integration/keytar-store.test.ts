import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { ChunkedSecretStore } from '../../app/secrets/chunked-store';
import { KeytarSecretStore } from '../../app/secrets/keytar-store';
import { secretStoreContract } from '../helpers/secret-store-contract';

/** Against the real Secret Service (run under scripts/with-keyring.sh): no fakes here. */
const store = new KeytarSecretStore();

test('set, get, list and delete round-trip through the real keychain', async () => {
  const service = `token-wallet-test:${randomUUID()}`;
  const long = `ünïcødé-🔑-${'x'.repeat(8 * 1024)}`;
  await store.set(service, 'a:password', 'p@ss w0rd');
  await store.set(service, 'a:session', long);
  assert.equal(await store.get(service, 'a:password'), 'p@ss w0rd');
  assert.equal(await store.get(service, 'a:session'), long);
  assert.deepEqual((await store.list(service)).sort(), ['a:password', 'a:session']);
  // The item really is in the Secret Service, under the attributes other tools see.
  assert.equal(
    execFileSync('secret-tool', ['lookup', 'service', service, 'account', 'a:password'], { encoding: 'utf8' }),
    'p@ss w0rd',
  );
  assert.equal(await store.delete(service, 'a:password'), true);
  assert.equal(await store.delete(service, 'a:password'), false, 'deleting twice reports nothing deleted');
  assert.equal(await store.get(service, 'a:password'), null);
  await store.delete(service, 'a:session');
  assert.deepEqual(await store.list(service), []);
});

test('two services never see each other’s items', async () => {
  const first = `token-wallet-test:${randomUUID()}`;
  const second = `token-wallet-test:${randomUUID()}`;
  await store.set(first, 'same:password', 'one');
  await store.set(second, 'same:password', 'two');
  try {
    assert.equal(await store.get(first, 'same:password'), 'one');
    assert.equal(await store.get(second, 'same:password'), 'two');
    assert.deepEqual(await store.list(first), ['same:password']);
  } finally {
    await store.delete(first, 'same:password');
    await store.delete(second, 'same:password');
  }
});

secretStoreContract('keytar on gnome-keyring', () => new KeytarSecretStore());
secretStoreContract(
  'keytar with an injected 2,560-byte item limit',
  () => new ChunkedSecretStore(new KeytarSecretStore(), 2_560),
);
