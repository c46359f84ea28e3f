import { serverToLocal } from '../auth/recipes/expiry';
import type { HttpResponse } from '../http/http-client';

/**
 * Sensu Go is a recipe now (app/auth/recipes/builtin/sensu.ts). Its quirk, an absolute expires_at
 * on the server's clock, is the recipe format's `expires_at`, corrected with the Date header.
 */
export function localExpiry(expiresAtServerSec: number, response: HttpResponse): number {
  return serverToLocal(expiresAtServerSec * 1000, response);
}
