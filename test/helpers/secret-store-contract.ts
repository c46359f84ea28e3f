import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { SecretStore } from '../../app/secrets/secret-store';

/** A JWT-shaped token of about 16 KiB: large claims sets are real (group lists, Entra ID). */
export function bigJwt(bytes = 16 * 1024): string {
  const part = (length: number): string => Buffer.from('x'.repeat(length)).toString('base64url').slice(0, length);
  return `eyJhbGciOiJSUzI1NiJ9.${part(bytes - 64)}.${part(43)}`;
}

/**
 * The behaviour every SecretStore must have, run against each implementation (memory, encrypted
 * file, chunking wrapper, keytar on gnome-keyring), so a new store plugs in by passing it.
 */
export function secretStoreContract(label: string, makeStore: () => Promise<SecretStore> | SecretStore): void {
  const service = (): string => `token-wallet-contract:${randomUUID()}`;

  test(`${label}: set, get, list and delete round-trip`, async () => {
    const store = await makeStore();
    const name = service();
    await store.set(name, 'a:password', 'p@ss w0rd: ünïcødé 🔑');
    await store.set(name, 'a:session', '{"accessToken":"t"}');
    assert.equal(await store.get(name, 'a:password'), 'p@ss w0rd: ünïcødé 🔑');
    assert.deepEqual((await store.list(name)).sort(), ['a:password', 'a:session']);
    assert.equal(await store.delete(name, 'a:password'), true);
    assert.equal(await store.delete(name, 'a:password'), false);
    assert.equal(await store.get(name, 'a:password'), null);
    await store.delete(name, 'a:session');
    assert.deepEqual(await store.list(name), []);
  });

  test(`${label}: overwriting replaces, and services never see each other's items`, async () => {
    const store = await makeStore();
    const [first, second] = [service(), service()];
    await store.set(first, 'same', 'one');
    await store.set(second, 'same', 'two');
    await store.set(first, 'same', 'three');
    assert.equal(await store.get(first, 'same'), 'three');
    assert.equal(await store.get(second, 'same'), 'two');
    assert.deepEqual(await store.list(first), ['same']);
    await store.delete(first, 'same');
    await store.delete(second, 'same');
  });

  test(`${label}: a 16 KiB JWT survives, and shrinking it back leaves nothing behind`, async () => {
    const store = await makeStore();
    const name = service();
    const token = bigJwt();
    await store.set(name, 'a:session', token);
    assert.equal(await store.get(name, 'a:session'), token);
    await store.set(name, 'a:session', 'short');
    assert.equal(await store.get(name, 'a:session'), 'short');
    assert.deepEqual(await store.list(name), ['a:session']);
    await store.delete(name, 'a:session');
    assert.deepEqual(await store.list(name), []);
  });

  test(`${label}: concurrent writes to different items are all kept`, async () => {
    const store = await makeStore();
    const name = service();
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.set(name, `item-${index}`, `value-${index}`)));
    for (let index = 0; index < 20; index += 1) assert.equal(await store.get(name, `item-${index}`), `value-${index}`);
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.delete(name, `item-${index}`)));
    assert.deepEqual(await store.list(name), []);
  });
}
