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
export function providerContext(parts: ContextParts): ProviderContext | Promise<ProviderContext> {
  // Without a CA file (most accounts, every renewal of theirs) nothing is read: no promise to wait for.
  return parts.account.caFile === undefined
    ? providerContextFrom(parts, undefined)
    : withCaFile(parts, parts.account.caFile);
}

async function withCaFile(parts: ContextParts, caFile: string): Promise<ProviderContext> {
  let ca: string;
  try {
    // Never blocks on a FIFO or device swapped in for the file; at most 1 MiB.
    ca = await readCaFile(caFile);
  } catch (error) {
    const reason = error instanceof WalletError ? error.message : `cannot read CA file ${caFile}`;
    throw new WalletError('config', reason, { account: parts.account.name, field: 'caFile' });
  }
  return providerContextFrom(parts, ca);
}

/** The context once any CA file is read (`ca`: its text), without a wait. */
export function providerContextFrom(parts: ContextParts, ca?: string): ProviderContext {
  const { account, http } = parts;
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
