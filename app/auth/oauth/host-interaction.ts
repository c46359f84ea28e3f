import type { SignInInteraction } from '../../providers/provider';
import type { SignInQueue } from './sign-in-queue';
import { noticeToCaller } from '../../agent/caller-notices';

/**
 * A long-running host's way to the person: its own interaction, with sign-ins taking turns, and
 * what it says also sent to the CLI whose request started the sign-in (that is where they look).
 */
export function hostInteraction(base: SignInInteraction, queue: SignInQueue): SignInInteraction {
  return {
    ...base,
    say: (text) => {
      base.say(text);
      noticeToCaller(text);
    },
    queue,
  };
}
