import { useEffect, useRef, type ReactNode } from 'react';
import { focusFallback } from '../focus';

const focusable =
  'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [href], ' +
  '[tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab inside the dialog, as aria-modal promises. */
function trapTab(panel: HTMLElement, event: KeyboardEvent): void {
  const items = Array.from(panel.querySelectorAll<HTMLElement>(focusable));
  const first = items[0];
  const last = items[items.length - 1];
  if (first === undefined || last === undefined) return;
  if (event.shiftKey && (document.activeElement === first || !panel.contains(document.activeElement))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (document.activeElement === last || !panel.contains(document.activeElement))) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog: focus moves in once, Tab stays inside, Escape closes, focus returns to the control
 * that opened it. The effect runs once per opening: `onClose` is read through a ref, so a parent
 * passing a new function on every render (every keystroke in a form) does not steal focus back.
 */
export function Dialog({
  title,
  onClose,
  children,
  testId,
  initialFocus,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId: string;
  initialFocus?: string;
}) {
  const panel = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = panel.current;
    (
      root?.querySelector<HTMLElement>(initialFocus ?? focusable) ?? root?.querySelector<HTMLElement>(focusable)
    )?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close.current();
      } else if (event.key === 'Tab' && root !== null) trapTab(root, event);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected === true && opener !== document.body) opener.focus();
      else focusFallback();
    };
    // Once per opening, on purpose: see above.
  }, []);
  return (
    <div className="backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${testId}-title`}
        ref={panel}
        data-testid={testId}
      >
        <h2 id={`${testId}-title`}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
