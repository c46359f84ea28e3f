import type { AccountView } from '../../app/model';

/** An account view for tests, with a fresh ten-minute token unless told otherwise. */
export function accountView(partial: Partial<AccountView>, now = 0): AccountView {
  return {
    id: partial.name ?? 'id',
    name: 'a',
    provider: 'vss',
    url: 'https://h.example',
    username: 'u',
    options: {},
    status: 'fresh',
    issuedAt: now,
    expiresAt: now + 600_000,
    lastRenewalAt: null,
    lastError: null,
    ...partial,
    freshUntil:
      partial.freshUntil ??
      (partial.expiresAt === undefined
        ? now + 540_000
        : partial.expiresAt === null
          ? null
          : partial.expiresAt - 60_000),
  };
}
