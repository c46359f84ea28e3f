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
import { UiService } from '../../app/ui-service';
import { Wallet } from '../../app/wallet';
import { bigJwt, secretStoreContract } from '../helpers/secret-store-contract';

// Tests use a cheap KDF; the real cost (N = 2^17) is checked once below.
const cheap = { name: 'scrypt', N: 2 ** 10, r: 8, p: 1 } as const;
const tempHome = (): string => mkdtempSync(path.join(os.tmpdir(), 'tw-store-'));

async function fileStore(
  file = path.join(tempHome(), 'secrets.enc'),
  passphrase = 'correct horse',
  compactBytes?: number,
): Promise<EncryptedFileStore> {
  const store = new EncryptedFileStore({
    file,
    passphrase,
    kdf: cheap,
    ...(compactBytes === undefined ? {} : { compactBytes }),
  });
  await store.unlock();
  return store;
}

secretStoreContract('memory store', () => new MemorySecretStore());
secretStoreContract('encrypted file store', () => fileStore());
secretStoreContract(
  'chunking over a 2,560-byte keychain',
  () => new ChunkedSecretStore(new MemorySecretStore(), 2_560),
);

test('the chunking wrapper really splits: no item over the limit reaches the keychain', async () => {
  const inner = new MemorySecretStore();
  const store = new ChunkedSecretStore(inner, 2_560);
  await store.set('s', 'a:session', bigJwt());
  for (const name of await inner.list('s'))
    assert.ok(Buffer.byteLength((await inner.get('s', name)) ?? '') <= 2_560, name);
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

test('the files hold no plaintext, are owner-only, and every write uses a fresh nonce', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  const store = await fileStore(file);
  for (let write = 0; write < 4; write += 1) await store.set('svc', 'a:password', 'hunter2-plaintext');
  const records = readFileSync(`${file}.log`, 'utf8').trim().split('\n').slice(1);
  assert.equal(records.length, 3, 'the first write is a snapshot, the others one log record each');
  // The first 12 bytes of a record are its nonce.
  assert.equal(new Set(records.map((record) => Buffer.from(record, 'base64').subarray(0, 12).toString('hex'))).size, 3);
  for (const name of [file, `${file}.log`]) {
    assert.ok(!readFileSync(name, 'utf8').includes('hunter2'));
    assert.equal(statSync(name).mode & 0o777, 0o600);
  }
  // Compacted into a new snapshot with a fresh nonce, and a new log bound to it.
  const compacting = await fileStore(file, 'correct horse', 1);
  const before = (JSON.parse(readFileSync(file, 'utf8')) as { nonce: string }).nonce;
  await compacting.set('svc', 'a:password', 'hunter2-plaintext');
  assert.notEqual((JSON.parse(readFileSync(file, 'utf8')) as { nonce: string }).nonce, before);
  assert.equal(await (await fileStore(file)).get('svc', 'a:password'), 'hunter2-plaintext');
});

test('a wrong passphrase is a credentials error and changes nothing', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  await (await fileStore(file)).set('svc', 'k', 'v');
  const before = readFileSync(file, 'utf8');
  await assert.rejects(
    fileStore(file, 'not-the-Passphrase-42'),
    (error: unknown) =>
      error instanceof WalletError && error.kind === 'credentials' && !error.message.includes('not-the-Passphrase-42'),
  );
  assert.equal(readFileSync(file, 'utf8'), before);
});

test('a damaged snapshot is detected and the last good copy is used', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  // Compacting at every write: each write is a new snapshot, the one before it the backup.
  const store = await fileStore(file, 'correct horse', 1);
  await store.set('svc', 'k', 'first');
  await store.set('svc', 'k', 'second');
  const envelope = JSON.parse(readFileSync(file, 'utf8')) as { ciphertext: string };
  const bytes = Buffer.from(envelope.ciphertext, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  writeFileSync(file, JSON.stringify({ ...envelope, ciphertext: bytes.toString('base64') }));
  const reopened = await fileStore(file, 'correct horse', 1);
  assert.equal(await reopened.get('svc', 'k'), 'first', 'the backup holds the write before the damaged one');
  // Writing again does not make the damaged file the new backup.
  await reopened.set('svc', 'k', 'third');
  assert.equal(await (await fileStore(file)).get('svc', 'k'), 'third');
});

test('a tampered scrypt cost makes the snapshot damaged (the backup is used), not an odd unlock failure', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  const store = await fileStore(file, 'correct horse', 1);
  await store.set('svc', 'k', 'first');
  await store.set('svc', 'k', 'second');
  const envelope = JSON.parse(readFileSync(file, 'utf8')) as { kdf: object };
  for (const kdf of [{ N: 3 }, { N: 2 ** 30 }, { r: '8' }, { p: 0 }]) {
    writeFileSync(file, JSON.stringify({ ...envelope, kdf: { ...envelope.kdf, ...kdf } }));
    const reopened = await fileStore(file, 'correct horse', 1);
    assert.equal(await reopened.get('svc', 'k'), 'first', JSON.stringify(kdf));
  }
});

test('a damaged or torn log record is detected: the state before it is kept; the next write goes on', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  const store = await fileStore(file);
  await store.set('svc', 'k', 'first');
  await store.set('svc', 'k', 'second');
  const log = readFileSync(`${file}.log`, 'utf8');
  const last = log.trimEnd().lastIndexOf('\n') + 1;
  const record = Buffer.from(log.slice(last).trim(), 'base64');
  record[20] = (record[20] ?? 0) ^ 0x01;
  writeFileSync(`${file}.log`, `${log.slice(0, last)}${record.toString('base64')}\n`);
  assert.equal(await (await fileStore(file)).get('svc', 'k'), 'first', 'the damaged record is not applied');
  // A torn write (a record cut short) after a good one.
  const reopened = await fileStore(file);
  await reopened.set('svc', 'k', 'third');
  writeFileSync(`${file}.log`, `${readFileSync(`${file}.log`, 'utf8')}AAAAbbbb`);
  assert.equal(await (await fileStore(file)).get('svc', 'k'), 'third');
  await reopened.set('svc', 'k', 'fourth');
  assert.equal(await (await fileStore(file)).get('svc', 'k'), 'fourth');
  // A record moved to another position (replayed) does not authenticate.
  const lines = readFileSync(`${file}.log`, 'utf8').trim().split('\n');
  writeFileSync(`${file}.log`, `${[...lines, lines[1]].join('\n')}\n`);
  assert.equal(await (await fileStore(file)).get('svc', 'k'), 'fourth', 'a replayed record is refused');
});

test('another process catches up from its last offset', async () => {
  const file = path.join(tempHome(), 'secrets.enc');
  const [writer, reader] = [await fileStore(file), await fileStore(file)];
  await writer.set('svc', 'a', '1');
  assert.equal(await reader.get('svc', 'a'), '1');
  await writer.set('svc', 'b', '2');
  await writer.delete('svc', 'a');
  assert.equal(await reader.get('svc', 'b'), '2');
  assert.equal(await reader.get('svc', 'a'), null);
  assert.equal(await reader.delete('svc', 'b'), true);
  assert.equal(await writer.get('svc', 'b'), null);
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
  const opened = await openSecretStore({
    home,
    env: {},
    passphrase: async () => 'pw',
    notice: (text) => notices.push(text),
    keychainAnswers: async () => false,
    kdf: cheap,
  });
  assert.equal(opened.kind, 'file');
  assert.match(notices.join('\n'), /no OS keychain answers here/);
  assert.equal(await recordedStore(home), 'file');
  // What the dashboard header, the tray and `list` are told (UiApi.secretStore).
  const ui = new UiService({ wallet: new Wallet({ home, secrets: opened.store }) });
  assert.deepEqual(await ui.secretStore(), { kind: 'file', file: path.join(home, 'secrets.enc') });
  ui.dispose();
  // The recorded choice wins over a probe; asking for the other store says how to move.
  const again = await openSecretStore({
    home,
    env: {},
    passphrase: async () => 'pw',
    keychainAnswers: async () => true,
    kdf: cheap,
  });
  assert.equal(again.kind, 'file');
  await assert.rejects(
    openSecretStore({ home, env: { TOKEN_WALLET_STORE: 'keychain' }, passphrase: async () => 'pw', kdf: cheap }),
    /token-wallet store use keychain/,
  );
});
