import { accountNamePattern, accountNameRule } from '../../app/common/account-name';

export type FieldErrors = Partial<Record<string, string>>;

/** The same rules the core applies, checked as the user types; the host checks again on save. */
export function checkForm(
  values: { name: string; url: string },
  isLoopback = (host: string) => /^(127\.|localhost$|\[::1\]$)/.test(host),
): FieldErrors {
  const errors: FieldErrors = {};
  if (!accountNamePattern.test(values.name)) errors.name = accountNameRule;
  try {
    const url = new URL(values.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') errors.url = 'The URL must start with https://';
    else if (url.protocol === 'http:' && !isLoopback(url.hostname))
      errors.url = 'Plain http is only for this machine; use https (or allow http below).';
  } catch {
    errors.url = values.url === '' ? 'The API base URL is required.' : 'This is not a valid URL.';
  }
  return errors;
}
