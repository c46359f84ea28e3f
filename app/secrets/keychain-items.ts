/** Where the wallet's secrets live in a store: one service per wallet, items named by account id. */
export const serviceName = (walletId: string): string => `token-wallet:${walletId}`;
export const passwordItem = (accountId: string): string => `${accountId}:password`;
export const sessionItem = (accountId: string): string => `${accountId}:session`;
export const clientSecretItem = (accountId: string): string => `${accountId}:client-secret`;
/** Not an account id (those are UUIDs), so never an account's item. */
export const writeProbeItem = 'write-probe';
