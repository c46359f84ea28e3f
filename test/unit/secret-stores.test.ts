import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ChunkedSecretStore, splitByBytes } from '../../app/secrets/chunked-store';
import { EncryptedFileStore } from '../../app/secrets/file-store';
import { openSecretStore, recordedStore } from '../../app/secrets/open-secret-store';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { WalletError } from '../../app/errors';
import { bigJwt, secretStoreContract } from '../helpers/secret-store-contract';

// Tests use a cheap KDF; the real cost (N = 2^17) is checked once below.
const cheap = { name: 'scrypt', N: 2 ** 10, r: 8, p: 1 } as const;
const tempHome = (): string => mkdtempSync(path.join(os.tmpdir(), 'tw-store-'));

async function fileStore(file = path.join(tempHome(), 'secrets.enc'), passphrase = 'correct horse'): Promise<EncryptedFileStore> {
  const store = new EncryptedFileStore({ file, passphrase, kdf: cheap });
  await store.unlock();
  return store;
}

secretStoreContract('memory store', () => new MemorySecretStore());
secretStoreContract('encrypted file store', () => fileStore());
secretStoreContract('chunking over a 2,560-byte keychain', () => new ChunkedSecretStore(new MemorySecretStore(), 2_560));

test('the chunking wrapper really splits: no item over the limit reaches the keychain', async () => {
  const inner = new MemorySecretStore();
  const store = new ChunkedSecretStore(inner, 2_560);
  await store.set('s', 'a:session', bigJwt());
  for (const name of await inner.list('s')) assert.ok(Buffer.byteLength((await inner.get('s', name)) ?? '') <= 2_560, name);
  assert.ok((await inner.list('s')).length >= 7);
  // A lost chunk reads as missing, never as a wrong secret.
  await inner.delete('s', 'a:session#3');
  assert.equal(await store.get('s', 'a:session'), null);
});

test('splitting by bytes never cuts a character', () => {
  const text = 'añ🔑'.repeat(100);
  const parts = splitByBytes(text, 7);
  assert.equal(parts.join(''), text);
  for (const part of parts) assert.ok(Buffer.byteLength(part) <= 7);
});

test('the file holds no plaintext, is owner-only, and every write uses a fresh nonce', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  const store = await fileStore(file);
  await store.set('svc', 'a:password', 'hunter2-plaintext');
  const first = JSON.parse(readFileSync(file, 'utf8')) as { nonce: string; ciphertext: string; kdf: { N: number } };
  await store.set('svc', 'a:password', 'hunter2-plaintext');
  const second = JSON.parse(readFileSync(file, 'utf8')) as { nonce: string };
  assert.ok(!readFileSync(file, 'utf8').includes('hunter2'));
  assert.notEqual(first.nonce, second.nonce);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('a wrong passphrase is a credentials error and changes nothing', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  await (await fileStore(file)).set('svc', 'k', 'v');
  const before = readFileSync(file, 'utf8');
  await assert.rejects(fileStore(file, 'not-the-Passphrase-42'), (error: unknown) => error instanceof WalletError && error.kind === 'credentials' && !error.message.includes('not-the-Passphrase-42'));
  assert.equal(readFileSync(file, 'utf8'), before);
});

test('a damaged file is detected and the last good copy is used', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  const store = await fileStore(file);
  await store.set('svc', 'k', 'first');
  await store.set('svc', 'k', 'second');
  const envelope = JSON.parse(readFileSync(file, 'utf8')) as { ciphertext: string };
  const bytes = Buffer.from(envelope.ciphertext, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  writeFileSync(file, JSON.stringify({ ...envelope, ciphertext: bytes.toString('base64') }));
  const reopened = await fileStore(file);
  assert.equal(await reopened.get('svc', 'k'), 'first', 'the backup holds the write before the damaged one');
  // Writing again does not make the damaged file the new backup.
  await reopened.set('svc', 'k', 'third');
  assert.equal(await (await fileStore(file)).get('svc', 'k'), 'third');
});

test('two processes sharing one file never lose each other’s writes', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  const [one, two] = [await fileStore(file), await fileStore(file)];
  await Promise.all([one.set('svc', 'from-one', '1'), two.set('svc', 'from-two', '2')]);
  await Promise.all([one.set('svc', 'again-one', '1'), two.set('svc', 'again-two', '2')]);
  const fresh = await fileStore(file);
  assert.deepEqual((await fresh.list('svc')).sort(), ['again-one', 'again-two', 'from-one', 'from-two']);
});

test('the default key derivation is scrypt with N of at least 2^17', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  const store = new EncryptedFileStore({ file, passphrase: 'p' });
  await store.unlock();
  await store.set('svc', 'k', 'v');
  const { kdf } = JSON.parse(readFileSync(file, 'utf8')) as { kdf: { name: string; N: number } };
  assert.equal(kdf.name, 'scrypt');
  assert.ok(kdf.N >= 2 ** 17);
});

test('a new home without a keychain gets the file store, says so, and records it', async () => {
  const home = tempHome();
  const notices: string[] = [];
  const opened = await openSecretStore({ home, env: {}, passphrase: async () => 'pw', notice: (text) => notices.push(text), keychainAnswers: async () => false, kdf: cheap });
  assert.equal(opened.kind, 'file');
  assert.match(notices.join('\n'), /no OS keychain answers here/);
  assert.equal(await recordedStore(home), 'file');
  // The recorded choice wins over a probe; asking for the other store says how to move.
  const again = await openSecretStore({ home, env: {}, passphrase: async () => 'pw', keychainAnswers: async () => true, kdf: cheap });
  assert.equal(again.kind, 'file');
  await assert.rejects(openSecretStore({ home, env: { TOKEN_WALLET_STORE: 'keychain' }, passphrase: async () => 'pw', kdf: cheap }), /token-wallet store use keychain/);
});
