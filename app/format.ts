/** "2h 5m", "9m 58s", "42s": the time left (or past) in the two largest units. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return seconds > 0 ? `${minutes}m ${seconds}s` : `${minutes}m`;
  return `${seconds}s`;
}

/** "in 9m 58s" or "expired 3m ago" or "no token". */
export function describeExpiry(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return 'no token';
  const left = expiresAt - now;
  return left > 0 ? `valid for ${formatDuration(left)}` : `expired ${formatDuration(left)} ago`;
}
