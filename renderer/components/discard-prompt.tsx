import { useEffect, useRef, useState } from 'react';
import { actions } from '../actions';

/**
 * Escape on a form with something typed in it asks before throwing that away: a stray Escape
 * (meant for a select's list, or pressed twice) must not cost the person their typing. Cancel is
 * the explicit way out and does not ask; a second Escape answers "keep editing".
 */
export function useDiscardPrompt(changed: boolean) {
  const [asking, setAsking] = useState(false);
  // Where the person was typing, to put them back there.
  const resume = useRef<HTMLElement | null>(null);
  const keepEditing = (): void => {
    setAsking(false);
    resume.current?.focus();
  };
  const requestClose = (): void => {
    if (asking) keepEditing();
    else if (!changed) actions.openEditor(null);
    else {
      resume.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setAsking(true);
    }
  };
  return { asking, requestClose, keepEditing };
}

export function DiscardPrompt({ onKeep }: { onKeep: () => void }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="discard-prompt" role="group" aria-labelledby="discard-question" data-testid="discard-prompt">
      <p id="discard-question" role="alert">
        Discard what you typed?
      </p>
      <button type="button" ref={keep} onClick={onKeep}>
        Keep editing
      </button>
      <button type="button" className="danger" onClick={() => actions.openEditor(null)}>
        Discard
      </button>
    </div>
  );
}
