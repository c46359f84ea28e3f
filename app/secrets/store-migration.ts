import { WalletError } from '../errors';
import type { SecretStore } from './secret-store';

/**
 * Moves every item of one wallet (one keychain service) from one store to another: copy, read
 * back and compare, then `commit` (record the new store), and only then delete the old items.
 * Interrupted at any point, at least one store holds every secret and the recorded one is complete.
 */
export async function moveSecrets(
  from: SecretStore,
  to: SecretStore,
  service: string,
  commit: () => Promise<void>,
): Promise<number> {
  const names = await from.list(service);
  for (const name of names) {
    const value = await from.get(service, name);
    if (value === null) continue;
    await to.set(service, name, value);
    if ((await to.get(service, name)) !== value)
      throw new WalletError('config', `the new store did not keep item ${name}; nothing was moved`);
  }
  await commit();
  for (const name of names) await from.delete(service, name);
  return names.length;
}
