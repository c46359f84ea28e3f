/**
 * "2h 5m", "9m 58s", "42s": a span in its two largest units. `countdown` keeps the seconds under an
 * hour, padded ("5m 00s"), so a ticking countdown does not change width or drop a unit.
 */
export function formatDuration(ms: number, options: { countdown?: boolean } = {}): string {
  const countdown = options.countdown === true;
  const total = Math.max(0, countdown ? Math.floor(Math.abs(ms) / 1000) : Math.round(Math.abs(ms) / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return hours > 0 || countdown ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 || countdown ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0)
    return countdown
      ? `${minutes}m ${String(seconds).padStart(2, '0')}s`
      : seconds > 0
        ? `${minutes}m ${seconds}s`
        : `${minutes}m`;
  return `${seconds}s`;
}

/** "in 9m 58s" or "expired 3m ago" or "no token". */
export function describeExpiry(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return 'no token';
  const left = expiresAt - now;
  return left > 0 ? `valid for ${formatDuration(left)}` : `expired ${formatDuration(left)} ago`;
}

/** "40 s", "12 min", "3 h 5 min", "2 d 4 h": a span in words, rounded down to what matters. */
export function spanInWords(ms: number): string {
  const seconds = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** "just now" or "2 min ago". */
export function agoInWords(at: number, now: number): string {
  return now - at < 5000 ? 'just now' : `${spanInWords(now - at)} ago`;
}

/** What the fields of an account view this needs (a subset of AccountView, to stay pure). */
export interface ReasonInput {
  status: string;
  expiresAt: number | null;
  lastError: { kind: string; message: string; at: number } | null;
  nextRenewalAt?: number | null;
  options?: { grant?: string };
  policy?: { onDemandOnly?: boolean };
}

function failureWords(error: { kind: string; message: string }): string {
  if (error.kind === 'unreachable') return 'server unreachable';
  if (/rate limit/i.test(error.message)) return 'rate limited by the server';
  if (error.kind === 'unexpected') return 'unexpected server response';
  return error.message;
}

/**
 * Why an account is in its state, in words: "needs attention: password rejected 2 min ago",
 * "renews in 12 min", "logged out", "retrying in 40 s (server unreachable)".
 */
export function describeReason(account: ReasonInput, now: number): string {
  const next = account.nextRenewalAt ?? null;
  const error = account.lastError;
  switch (account.status) {
    case 'logged-out':
      return 'logged out';
    case 'renewing':
      return 'renewing now';
    case 'attention': {
      const secret = account.options?.grant === 'client_credentials' ? 'client secret' : 'password';
      const what =
        error === null
          ? 'credentials rejected'
          : error.kind === 'credentials'
            ? `${secret} rejected`
            : failureWords(error);
      return `needs attention: ${what}${error === null ? '' : ` ${agoInWords(error.at, now)}`}`;
    }
    default:
      break;
  }
  if (error !== null && next !== null) return `retrying in ${spanInWords(next - now)} (${failureWords(error)})`;
  if (account.status === 'offline' && error !== null)
    return `offline: ${failureWords(error)} ${agoInWords(error.at, now)}`;
  if (account.expiresAt !== null && account.expiresAt > now) {
    if (next !== null) return `renews in ${spanInWords(next - now)}`;
    const left = `valid for ${spanInWords(account.expiresAt - now)}`;
    return account.policy?.onDemandOnly === true ? `${left}; renewed when asked` : left;
  }
  if (account.status === 'on-demand') return 'on demand: logs in when a token is asked for';
  const base = account.expiresAt === null ? 'no token yet' : `expired ${agoInWords(account.expiresAt, now)}`;
  return next === null ? base : `${base}; logs in ${next <= now ? 'now' : `in ${spanInWords(next - now)}`}`;
}
