/**
 * The small set of failures every host (CLI, agent, Electron, dashboard) maps the same way.
 * Messages never contain secrets: providers build them from status codes and server messages only.
 */
export type ErrorKind =
  | 'usage' // bad input from the user: exit 2
  | 'credentials' // the server rejected the credentials or the user is not authorized: exit 3
  | 'unreachable' // DNS, connect, TLS, timeout, connection reset: exit 4
  | 'unexpected' // the server answered, but not as documented (5xx, HTML, missing token, rate limited): exit 5
  | 'config' // the wallet's own files are unreadable or corrupt: exit 1
  | 'internal'; // anything else: exit 1

export const exitCodes: Readonly<Record<ErrorKind, number>> = {
  usage: 2,
  credentials: 3,
  unreachable: 4,
  unexpected: 5,
  config: 1,
  internal: 1,
};

export interface WalletErrorDetails {
  /** Account name the failure concerns, when there is one. */
  account?: string;
  /** Server (origin) the failure concerns, when there is one. */
  server?: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** When the server asked us to come back (Retry-After, X-RateLimit-Reset), as epoch ms. */
  retryAt?: number;
  /** Rate limiting is transient: the scheduler waits instead of marking the account. */
  rateLimited?: boolean;
  /** The form field the problem concerns, so a form can show it beside that field. */
  field?: string;
}

export class WalletError extends Error {
  readonly kind: ErrorKind;
  readonly details: WalletErrorDetails;

  constructor(kind: ErrorKind, message: string, details: WalletErrorDetails = {}) {
    super(message);
    this.name = 'WalletError';
    this.kind = kind;
    this.details = details;
  }

  get exitCode(): number {
    return exitCodes[this.kind];
  }

  /** A copy that names the account and server, for errors raised below the wallet. */
  withContext(account: string | undefined, server: string | undefined): WalletError {
    return new WalletError(this.kind, this.message, {
      ...this.details,
      account: this.details.account ?? account,
      server: this.details.server ?? server,
    });
  }
}

export function usageError(message: string, field?: string): WalletError {
  return new WalletError('usage', message, field === undefined ? {} : { field });
}

/** One line for a human: `account "x" (https://host): message`. */
export function describeError(error: unknown): string {
  if (error instanceof WalletError) {
    const where: string[] = [];
    if (error.details.account !== undefined) where.push(`account "${error.details.account}"`);
    if (error.details.server !== undefined) where.push(`(${error.details.server})`);
    const prefix = where.length > 0 ? `${where.join(' ')}: ` : '';
    return `${prefix}${error.message}`;
  }
  if (error instanceof Error) return `unexpected error: ${error.message}`;
  return `unexpected error: ${String(error)}`;
}

export function toWalletError(error: unknown): WalletError {
  if (error instanceof WalletError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WalletError('internal', message);
}
