import { useEffect } from 'react';
import { actions } from '../actions';
import { useDashboard } from '../store';

/**
 * Every action's result, shown as a toast and read out by screen readers: the region is always in
 * the page (a live region added together with its text is often not announced).
 */
export function LiveRegion() {
  const toast = useDashboard((state) => state.toast);
  useEffect(() => {
    if (toast === null) return undefined;
    const timer = setTimeout(() => actions.dismissToast(), toast.tone === 'error' ? 12_000 : 8000);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <div className="toast-area" role="status" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {toast === null ? null : (
        <div className={`toast ${toast.tone}`} data-testid="toast">
          {toast.text}
        </div>
      )}
    </div>
  );
}
