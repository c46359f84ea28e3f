import type { FormNeeds } from '../app/common/grant-form';

/** A failed check or save, as the host reported it. */
export interface FormFailure {
  kind: string;
  field: string | undefined;
}

/**
 * The field a failure belongs beside, so the person sees (and hears) it where they fix it: the
 * host's own field when it names one the form shows; rejected credentials on the secret the grant
 * sends; an unreachable server on the base URL (unless the URL is optional and derived from the
 * issuer, where the note under the form says it). Anything else goes in that note.
 */
export function fieldOfFailure(
  failure: FormFailure,
  needs: FormNeeds,
  shown: readonly string[],
  urlRequired: boolean,
): string | undefined {
  if (failure.field !== undefined && shown.includes(failure.field)) return failure.field;
  if (failure.kind === 'credentials') {
    if (needs.password) return 'password';
    if (needs.clientSecret !== 'none') return 'clientSecret';
    return undefined;
  }
  if (failure.kind === 'unreachable' && urlRequired) return 'url';
  return undefined;
}

/**
 * Whether Save checks the credentials with the server before anything is stored, as the CLI's
 * `add` does: a new account whose grant a check can run without a person (a browser or device
 * sign-in cannot). An edit keeps the CLI's `edit` behaviour: saved as typed.
 */
export function checksOnSave(editing: boolean, needs: FormNeeds): boolean {
  return !editing && !needs.interactive;
}
