import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { actions } from '../actions';
import { useDashboard } from '../store';

/** Whether two boxes on screen overlap. */
function overlap(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * While a toast shows, the page keeps room above it for whatever gets focus (scroll-padding), and
 * the control that has focus when it appears is moved out from under it: a toast never hides the
 * focused control (WCAG 2.4.11), at 200 % zoom least of all.
 */
function useRoomAboveToast(shown: RefObject<HTMLElement | null>, text: unknown): void {
  useLayoutEffect(() => {
    const root = document.documentElement;
    const toast = shown.current;
    // The previous toast's room goes with it (this effect's clean-up), so no toast needs nothing here.
    if (toast === null) return undefined;
    const box = toast.getBoundingClientRect();
    const room = `${Math.max(0, window.innerHeight - box.top) + 8}px`;
    // The page also grows by that much at its end (styles.css), so its last control can scroll clear.
    root.style.setProperty('--toast-room', room);
    root.style.scrollPaddingBottom = room;
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused !== document.body && overlap(focused.getBoundingClientRect(), box))
      focused.scrollIntoView({ block: 'nearest' });
    return () => {
      root.style.scrollPaddingBottom = '';
      root.style.removeProperty('--toast-room');
    };
  }, [shown, text]);
}

/**
 * Every action's result, shown as a toast and read out by screen readers: the region is always in
 * the page (a live region added together with its text is often not announced).
 */
export function LiveRegion() {
  const toast = useDashboard((state) => state.toast);
  const shown = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (toast === null) return undefined;
    const timer = setTimeout(() => actions.dismissToast(), toast.tone === 'error' ? 12_000 : 8000);
    return () => clearTimeout(timer);
  }, [toast]);
  useRoomAboveToast(shown, toast);
  return (
    <div className="toast-area" role="status" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {toast === null ? null : (
        <div className={`toast ${toast.tone}`} data-testid="toast" ref={shown}>
          {toast.text}
        </div>
      )}
    </div>
  );
}
