import { usageError } from '../errors';

const units: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `10m`, `1h`, `1h30m` (or a bare number of seconds) as milliseconds; anything else is a usage error. */
export function parseDuration(text: string, option = '--min-valid'): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (trimmed === '' || parts.map((part) => part[0]).join('') !== trimmed) {
    throw usageError(`${option} takes a duration such as 90s, 10m or 1h, not "${text.slice(0, 40)}"`);
  }
  const total = parts.reduce((sum, part) => sum + Number(part[1]) * (units[part[2] ?? 's'] ?? 1000), 0);
  // More than a year is certainly a typo; a token is never that long-lived.
  if (total > 366 * units.d!) throw usageError(`${option} ${text} is longer than a year`);
  return total;
}
