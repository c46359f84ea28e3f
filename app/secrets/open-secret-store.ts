import { randomUUID } from 'node:crypto';
import path from 'node:path';
import * as v from 'valibot';
import { storeKinds, type SecretStoreInfo, type StoreKind } from '../common/secret-store-info';
import { WalletError, usageError } from '../errors';
import { readFileIfExists, writeFileAtomic } from '../store/files';
import { ChunkedSecretStore } from './chunked-store';
import { EncryptedFileStore, type KdfParams } from './file-store';
import { KeytarSecretStore } from './keytar-store';
import { MemorySecretStore, type SecretStore } from './secret-store';

export { storeKinds, type StoreKind };

export interface OpenedStore {
  store: SecretStore;
  kind: StoreKind;
  /** Where the secrets are, in words: "the OS keychain" or the file's path. */
  location: string;
}

export interface OpenSecretStoreOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  /** `--store`, when the user gave it. */
  requested?: StoreKind;
  /** Asked only when the file store is used: a prompt, `--passphrase-stdin` or the passphrase file. */
  passphrase: () => Promise<string>;
  /** Says why the file store was chosen (no keychain answered), once, on the user's terminal. */
  notice?: (text: string) => void;
  /** Injected in tests: does a keychain answer here? */
  keychainAnswers?: () => Promise<boolean>;
  /** Injected in tests: a cheaper KDF. */
  kdf?: Omit<KdfParams, 'salt'>;
}

const storeFile = (home: string): string => path.join(home, 'store.json');
/** store.json: the store this home uses, recorded at first use (`{"store": "file"}`); other fields are ignored. */
const StoreFileSchema = v.object({ store: v.picklist(storeKinds) });
export const secretsFile = (home: string): string => path.join(home, 'secrets.enc');

/** The store this home recorded at first use, or null for a new home. */
export async function recordedStore(home: string): Promise<StoreKind | null> {
  const text = await readFileIfExists(storeFile(home));
  if (text === null) return null;
  try {
    const recorded = v.safeParse(StoreFileSchema, JSON.parse(text));
    if (recorded.success) return recorded.output.store;
  } catch {
    // Reported below, like any other unreadable wallet file.
  }
  throw new WalletError(
    'config',
    `${storeFile(home)} is damaged: it should say {"store": "keychain"} or {"store": "file"}`,
  );
}

/** What the CLI, the dashboard and the tray say of where the secrets are. */
export async function secretStoreInfo(home: string): Promise<SecretStoreInfo> {
  const kind = await recordedStore(home);
  return kind === 'file' ? { kind, file: secretsFile(home) } : { kind };
}

export async function recordStore(home: string, kind: StoreKind): Promise<void> {
  await writeFileAtomic(storeFile(home), `${JSON.stringify({ store: kind }, null, 2)}\n`);
}

/** Probes the keychain with a throw-away item: a Secret Service may be absent, locked or slow. */
async function keychainAnswers(): Promise<boolean> {
  const store = new KeytarSecretStore();
  const service = 'token-wallet-probe';
  const account = randomUUID();
  const attempt = (async () => {
    await store.set(service, account, 'probe');
    const ok = (await store.get(service, account)) === 'probe';
    await store.delete(service, account);
    return ok;
  })().catch(() => false);
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000).unref());
  return Promise.race([attempt, timeout]);
}

/** Keychains with small items (Windows Credential Manager: 2,560 bytes) get large secrets split. */
function keychainItemLimit(env: NodeJS.ProcessEnv): number {
  const injected = Number(env.TOKEN_WALLET_KEYCHAIN_ITEM_LIMIT);
  if (Number.isInteger(injected) && injected >= 64) return injected;
  return process.platform === 'win32' ? 2_500 : 1_000_000;
}

function requestedFrom(options: OpenSecretStoreOptions): StoreKind | undefined {
  const fromEnv = options.env.TOKEN_WALLET_STORE;
  if (options.requested !== undefined) return options.requested;
  if (fromEnv === undefined || fromEnv === '') return undefined;
  if (fromEnv === 'keychain' || fromEnv === 'file') return fromEnv;
  throw usageError(`TOKEN_WALLET_STORE must be "keychain" or "file", not "${fromEnv}"`);
}

/**
 * The one way every host opens the wallet's secrets: the store the home recorded, else the one
 * asked for, else the keychain when one answers, else the encrypted file (the user is told; never
 * a silent plaintext fallback). `TOKEN_WALLET_STORE=memory` is for tests only.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<OpenedStore> {
  if (options.env.TOKEN_WALLET_STORE === 'memory')
    return { store: new MemorySecretStore(), kind: 'keychain', location: 'memory (tests)' };
  const recorded = await recordedStore(options.home);
  const requested = requestedFrom(options);
  if (recorded !== null && requested !== undefined && recorded !== requested) {
    throw usageError(
      `this wallet keeps its secrets in the ${recorded === 'file' ? 'encrypted file' : 'keychain'}; move them with: ` +
        `token-wallet store use ${requested}`,
    );
  }
  let kind = recorded ?? requested;
  if (kind === undefined) {
    kind = (await (options.keychainAnswers ?? keychainAnswers)()) ? 'keychain' : 'file';
    if (kind === 'file')
      options.notice?.(
        `no OS keychain answers here, so secrets go to an encrypted file (${secretsFile(options.home)}), protected ` +
          `by a passphrase`,
      );
  }
  const opened = await openKind(kind, options);
  if (recorded === null) await recordStore(options.home, kind);
  return opened;
}

export async function openKind(
  kind: StoreKind,
  options: Pick<OpenSecretStoreOptions, 'home' | 'env' | 'passphrase' | 'kdf'>,
): Promise<OpenedStore> {
  if (kind === 'keychain') {
    return {
      store: new ChunkedSecretStore(new KeytarSecretStore(), keychainItemLimit(options.env)),
      kind,
      location: 'the OS keychain',
    };
  }
  const file = secretsFile(options.home);
  const store = new EncryptedFileStore({
    file,
    passphrase: await options.passphrase(),
    ...(options.kdf === undefined ? {} : { kdf: options.kdf }),
  });
  await store.unlock();
  return { store, kind, location: file };
}
