import { useEffect } from 'react';
import { secretStoreDescription, secretStoreLabel, type SecretStoreInfo } from '../../app/common/secret-store-info';
import { actions } from '../actions';
import { reportLoadFailure, useDashboard } from '../store';

/** "Secrets: OS keychain" or "Secrets: encrypted file" in the header, as `token-wallet list` and the tray say it. */
export function SecretStoreNote() {
  const connection = useDashboard((state) => state.connection);
  const info = useDashboard((state) => state.secretStore);
  useEffect(() => {
    if (connection === 'ready') actions.loadSecretStore().catch(reportLoadFailure('where the secrets are kept'));
  }, [connection]);
  if (info === null) return null;
  return (
    <span
      className="connection"
      data-testid="secret-store"
      title={`Secrets are kept in ${secretStoreDescription(info)}`}
    >
      Secrets: {secretStoreLabel(info)}
    </span>
  );
}

/** The empty wallet's promise about the password, true to the store in use. */
export function passwordHomeWords(kind: SecretStoreInfo['kind'] | undefined): string {
  if (kind === 'file')
    return 'The password goes to this wallet’s encrypted file, locked by your passphrase; never to disk in plain text.';
  if (kind === 'keychain') return 'The password goes to your OS keychain, never to disk.';
  return 'The password goes to your OS keychain (or an encrypted file where none answers), never to disk as text.';
}
