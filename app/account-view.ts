import type { AccountRecord, AccountStatus, AccountView } from './model';
import { isUsable, minRemainingMs } from './common/renewal-policy';
import type { StoredAccountState } from './store/config-store';

export interface ViewContext {
  now: number;
  /** A renewal of this account is in flight in this process. */
  renewing: boolean;
  /** From the host's scheduler, where one runs: absent otherwise. */
  nextRenewalAt?: number | null;
}

/** The one status of an account: the user's logout first, then what needs them, then the token's age. */
export function accountStatus(account: AccountRecord, state: StoredAccountState, context: ViewContext): AccountStatus {
  if (context.renewing) return 'renewing';
  if (state.loggedOut === true) return 'logged-out';
  if (state.needsAttention === true) return 'attention';
  const onDemand = account.policy?.onDemandOnly === true;
  if (state.expiresAt === null || state.issuedAt === null || state.expiresAt <= context.now) {
    if (state.lastError?.kind === 'unreachable') return 'offline';
    if (onDemand) return 'on-demand';
    return state.expiresAt === null || state.issuedAt === null ? 'none' : 'expired';
  }
  return isUsable({ issuedAt: state.issuedAt, expiresAt: state.expiresAt }, context.now) ? 'fresh' : 'expiring';
}

/** What every host shows of an account: its settings and state, never a secret. */
export function accountView(account: AccountRecord, state: StoredAccountState, context: ViewContext): AccountView {
  return {
    id: account.id,
    name: account.name,
    provider: account.provider,
    url: account.url,
    username: account.username,
    options: account.options,
    ...(account.caFile === undefined ? {} : { caFile: account.caFile }),
    ...(account.allowHttp === undefined ? {} : { allowHttp: account.allowHttp }),
    ...(account.policy === undefined ? {} : { policy: account.policy }),
    status: accountStatus(account, state, context),
    ...(state.signInBy === undefined || state.signInBy === null ? {} : { signInBy: state.signInBy }),
    issuedAt: state.issuedAt,
    expiresAt: state.expiresAt,
    lastRenewalAt: state.lastRenewalAt,
    lastError: state.lastError,
    freshUntil:
      state.issuedAt === null || state.expiresAt === null
        ? null
        : state.expiresAt - minRemainingMs(state.expiresAt - state.issuedAt),
    ...(context.nextRenewalAt === undefined ? {} : { nextRenewalAt: context.nextRenewalAt }),
  };
}
