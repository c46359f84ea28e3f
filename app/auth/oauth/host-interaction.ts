import type { SignInInteraction } from '../../providers/provider';
import type { SignInQueue } from './sign-in-queue';

/** A long-running host's way to the person: its own interaction, with sign-ins taking turns. */
export function hostInteraction(base: SignInInteraction, queue: SignInQueue): SignInInteraction {
  return { ...base, queue };
}
