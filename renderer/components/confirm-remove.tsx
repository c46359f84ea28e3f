import { actions } from '../actions';
import { useDashboard } from '../store';
import { Dialog } from './dialog';

export function ConfirmRemove() {
  const account = useDashboard((state) =>
    state.confirmRemove === null ? undefined : state.accounts[state.confirmRemove],
  );
  if (account === undefined) return null;
  return (
    <Dialog
      title={`Remove ${account.name}?`}
      onClose={() => actions.askRemove(null)}
      testId="confirm-remove"
      initialFocus="[data-autofocus]"
    >
      <p>
        This logs out where the API allows it and deletes the account, its password and its tokens from the keychain.
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={() => actions.askRemove(null)} data-autofocus="">
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void actions.remove(account)}>
          Remove
        </button>
      </div>
    </Dialog>
  );
}
