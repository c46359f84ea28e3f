import type { AccountStatus } from '../../app/model';
import { statusLabels } from '../time-left';

export function StatusChip({ status }: { status: AccountStatus }) {
  return (
    <span className={`chip chip-${status}`} data-testid="status">
      {statusLabels[status]}
    </span>
  );
}
