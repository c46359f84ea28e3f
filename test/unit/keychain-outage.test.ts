import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeychainVault } from '../../app/keychain-vault';
import type { TokenSet } from '../../app/model';
import { MemorySecretStore } from '../../app/secrets/secret-store';

/** A keychain that can go away (daemon killed, D-Bus gone) and come back. */
class FlakyStore extends MemorySecretStore {
  down = false;
  private check(): void {
    if (this.down)
      throw new Error(
        'the OS keychain is unavailable: The name org.freedesktop.secrets was not provided by any .service files',
      );
  }
  override async get(service: string, account: string): Promise<string | null> {
    this.check();
    return super.get(service, account);
  }
  override async set(service: string, account: string, secret: string): Promise<void> {
    this.check();
    return super.set(service, account, secret);
  }
  override async list(service: string): Promise<string[]> {
    this.check();
    return super.list(service);
  }
}

const session = (n: number): TokenSet => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  issuedAt: n,
  expiresAt: n + 60_000,
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('keychain trouble mid-run', () => {
  test('the sole renewer keeps a rotated session in memory and writes it when the keychain is back', async () => {
    const store = new FlakyStore();
    const changed: string[][] = [];
    const vault = new KeychainVault(store, async () => 'w1', {
      exclusive: true,
      onWriteError: () => undefined,
      onHealthChange: (ids) => changed.push(ids),
      retryMs: 20,
    });
    await vault.writeSession('a', session(1));
    vault.remember('a', session(1));
    assert.equal(vault.health().available, true);
    store.down = true;
    // The write resolves: the agent hands the token out and keeps the refresh token in memory.
    await vault.writeSession('a', session(2));
    vault.remember('a', session(2));
    await vault.writeSession('a', session(3));
    vault.remember('a', session(3));
    assert.equal(vault.health().available, false);
    assert.match(vault.health().message ?? '', /keychain is unavailable/);
    assert.equal(vault.isUnsaved('a'), true);
    assert.equal((await vault.session('a'))?.refreshToken, 'refresh-3', 'the newest session is served from memory');
    assert.equal((await vault.readSession('a'))?.refreshToken, 'refresh-3', 'a re-read prefers the held session');
    await sleep(100);
    assert.equal(vault.health().available, false, 'still down: the retries failed');
    store.down = false;
    await sleep(100);
    assert.equal(vault.health().available, true);
    assert.equal(vault.isUnsaved('a'), false);
    const saved = JSON.parse((await store.get('token-wallet:w1', 'a:session')) ?? '{}') as TokenSet;
    assert.equal(saved.refreshToken, 'refresh-3', 'the newest rotated refresh token reached the keychain');
    assert.ok(
      changed.some((ids) => ids.includes('a')),
      'hosts were told to redraw the account',
    );
    vault.close();
  });

  test('a held session never lands after a newer one written when the keychain came back', async () => {
    const store = new FlakyStore();
    const vault = new KeychainVault(store, async () => 'w1', {
      exclusive: true,
      onWriteError: () => undefined,
      retryMs: 20,
    });
    store.down = true;
    await vault.writeSession('a', session(2));
    vault.remember('a', session(2));
    store.down = false;
    await vault.writeSession('a', session(3));
    vault.remember('a', session(3));
    await sleep(100);
    const saved = JSON.parse((await store.get('token-wallet:w1', 'a:session')) ?? '{}') as TokenSet;
    assert.equal(saved.refreshToken, 'refresh-3');
    assert.equal(vault.isUnsaved('a'), false);
    vault.close();
  });

  test('another process (not the sole renewer) still sees the failure', async () => {
    const store = new FlakyStore();
    const vault = new KeychainVault(store, async () => 'w1', { exclusive: false, onWriteError: () => undefined });
    store.down = true;
    await assert.rejects(vault.writeSession('a', session(1)), /keychain is unavailable/);
    assert.equal(vault.isUnsaved('a'), false);
  });

  test('a locked keyring: told apart from a missing item, and noticed again once unlocked', async () => {
    // As gnome-keyring does when locked: reads find nothing, writes fail, a listing waits for an unlock prompt.
    class LockedStore extends MemorySecretStore {
      locked = true;
      override async set(service: string, account: string, secret: string): Promise<void> {
        if (this.locked)
          throw new Error('the OS keychain is unavailable: Cannot create an item in a locked collection');
        return super.set(service, account, secret);
      }
      override list(service: string): Promise<string[]> {
        return this.locked ? new Promise(() => undefined) : super.list(service);
      }
    }
    const store = new LockedStore();
    const vault = new KeychainVault(store, async () => 'w1', {
      exclusive: true,
      onWriteError: () => undefined,
      retryMs: 20,
    });
    assert.equal(await vault.password('a'), null);
    await assert.rejects(vault.checkWritable(), /locked collection/);
    assert.equal(vault.health().available, false);
    await sleep(100); // a few probes while still locked
    assert.equal(vault.health().available, false);
    store.locked = false;
    await sleep(200);
    assert.equal(vault.health().available, true, 'the probe noticed the unlock');
    assert.deepEqual(await store.list('token-wallet:w1'), [], 'the probe item is gone');
    vault.close();
  });
});
