import { WalletError } from './errors';
import { readCaFile } from './http/ca-file';
import type { HttpTransport } from './http/http-client';
import type { AccountRecord } from './model';
import type { ProviderContext, SignInInteraction } from './providers/provider';

export interface ContextParts {
  account: AccountRecord;
  password: string;
  clientSecret?: string;
  /** Only when a person asked (CLI, dashboard): a browser or device sign-in may ask them. */
  interaction?: SignInInteraction;
  http: HttpTransport;
  now(): number;
}

/**
 * What a provider gets for one exchange with an account's server: its secrets, and a transport
 * that carries the account's CA with every request, so no provider has to pass it on.
 */
export async function providerContext(parts: ContextParts): Promise<ProviderContext> {
  const { account, http } = parts;
  let ca: string | undefined;
  if (account.caFile !== undefined) {
    try {
      // Never blocks on a FIFO or device swapped in for the file; at most 1 MiB.
      ca = await readCaFile(account.caFile);
    } catch (error) {
      const reason = error instanceof WalletError ? error.message : `cannot read CA file ${account.caFile}`;
      throw new WalletError('config', reason, { account: account.name, field: 'caFile' });
    }
  }
  return {
    account,
    password: parts.password,
    ...(parts.clientSecret === undefined ? {} : { clientSecret: parts.clientSecret }),
    ...(parts.interaction === undefined ? {} : { interaction: parts.interaction }),
    ...(ca === undefined ? {} : { ca }),
    http: ca === undefined ? http : (request) => http({ ...request, ca: request.ca ?? ca }),
    now: parts.now,
  };
}
