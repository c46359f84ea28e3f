/**
 * Where this wallet keeps its secrets, in the words every surface uses (the CLI's list, show and
 * store, the dashboard header, the tray), so they cannot tell a person different things.
 */
export const storeKinds = ['keychain', 'file'] as const;
export type StoreKind = (typeof storeKinds)[number];

/** kind null: a new wallet; its first secret goes to the keychain when one answers, else to an encrypted file. */
export type SecretStoreInfo = { kind: 'file'; file: string } | { kind: Exclude<StoreKind, 'file'> | null };

/** A few words for a header or a menu: "OS keychain", "encrypted file". */
export function secretStoreLabel(info: SecretStoreInfo): string {
  if (info.kind === 'keychain') return 'OS keychain';
  if (info.kind === 'file') return 'encrypted file';
  return 'not chosen yet';
}

/** The whole sentence, with the file's path: what `token-wallet store` prints after "secrets: ". */
export function secretStoreDescription(info: SecretStoreInfo): string {
  if (info.kind === 'keychain') return 'the OS keychain';
  if (info.kind === 'file') return `an encrypted file, ${info.file} (passphrase)`;
  return 'not chosen yet (the keychain when one answers, else an encrypted file)';
}
