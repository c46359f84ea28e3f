import type { AccountView } from '../model';
import type { SignInQueueState } from '../auth/oauth/sign-in-queue';

/**
 * Whether an account waits for a person to sign in (browser or device code): its refresh token died
 * or it never had a session. Pure, for the tray and the dashboard alike.
 */
export function needsSignIn(account: Pick<AccountView, 'status' | 'options'>): boolean {
  const grant = account.options.grant;
  if (grant !== 'authorization_code' && grant !== 'device_code') return false;
  return account.status === 'attention' || account.status === 'none' || account.status === 'expired';
}

/** "Signing in: a · waiting to sign in: b, c"; null when nobody signs in. */
export function signInQueueText(queue: SignInQueueState): string | null {
  const parts: string[] = [];
  if (queue.active !== null) parts.push(`signing in: ${queue.active}`);
  if (queue.waiting.length > 0) parts.push(`waiting to sign in: ${queue.waiting.join(', ')}`);
  if (parts.length === 0) return null;
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where one account stands in the queue. */
export function queuePlace(queue: SignInQueueState, name: string): 'active' | 'waiting' | null {
  if (queue.active === name) return 'active';
  return queue.waiting.includes(name) ? 'waiting' : null;
}
