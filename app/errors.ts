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
  /** The named account does not exist (an HTTP front answers 404 for it). */
  unknownAccount?: boolean;
  /** The OS keychain did not answer or is locked: transient, the scheduler retries instead of marking the account. */
  keychainUnavailable?: boolean;
}

/**
 * Terminal escapes (CSI, OSC and the rest), C0/C1 control characters and bidi overrides removed;
 * line breaks and tabs become spaces. For every string that may have come from a server before it
 * is printed or stored: a hostile server must not rewrite the user's screen or hide a line.
 */
export function stripControls(text: string): string {
  return (
    text
      // OSC/DCS/APC/PM/SOS ... terminated by BEL or ST, then CSI sequences (7-bit and 8-bit introducers).
      .replace(/(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g, '')
      .replace(/(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?/g, '')
      .replace(/\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g, '')
      .replace(/[\t\n\r\v\f\u2028\u2029]+/g, ' ')
      .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}

export class WalletError extends Error {
  readonly kind: ErrorKind;
  readonly details: WalletErrorDetails;

  constructor(kind: ErrorKind, message: string, details: WalletErrorDetails = {}) {
    // Messages are often built from server text: never let control characters through.
    super(stripControls(message));
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
    return stripControls(`${prefix}${error.message}`);
  }
  if (error instanceof Error) return `unexpected error: ${stripControls(error.message)}`;
  return `unexpected error: ${stripControls(String(error))}`;
}

export function toWalletError(error: unknown): WalletError {
  if (error instanceof WalletError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WalletError('internal', message);
}
