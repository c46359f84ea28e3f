import { useEffect } from 'react';
import { signInQueueText } from '../../app/common/sign-in';
import { actions } from '../actions';
import { reportLoadFailure, useDashboard } from '../store';

/** "Signing in: a · waiting to sign in: b, c": one sign-in prompt at a time, the rest in turn. */
export function SignInQueueIndicator() {
  const connection = useDashboard((state) => state.connection);
  const text = useDashboard((state) => signInQueueText(state.signIns));
  useEffect(() => {
    // On each (re)connection: the events that follow keep it current.
    if (connection === 'ready') actions.loadSignInQueue().catch(reportLoadFailure('the sign-in queue'));
  }, [connection]);
  if (text === null) return null;
  return (
    <p className="sign-in-queue" role="status" data-testid="sign-in-queue">
      {text}
    </p>
  );
}
