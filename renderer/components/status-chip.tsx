import type { AccountStatus } from '../../app/model';
import { groupOf } from '../account-state';
import { statusLabels } from '../../app/common/account-time';

export function StatusChip({ status }: { status: AccountStatus }) {
  return (
    <span className={`chip chip-${groupOf(status)}`} data-testid="status">
      {statusLabels[status]}
    </span>
  );
}
