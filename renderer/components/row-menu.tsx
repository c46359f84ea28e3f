import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { placeMenu } from '../menu-placement';

export interface MenuItem {
  label: string;
  run: () => void;
  danger?: boolean;
}

/** Moves focus among the menu's items: by step (arrows, wrapping) or to an end (Home/End). */
function focusItem(menu: HTMLElement | null, target: number | 'first' | 'last', step = 0): void {
  const items = menu === null ? [] : Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"]'));
  if (items.length === 0) return;
  const current = items.indexOf(document.activeElement as HTMLElement);
  const index =
    target === 'first' ? 0 : target === 'last' ? items.length - 1 : (current + step + items.length) % items.length;
  items[index]?.focus();
}

/**
 * A menu button (WAI-ARIA pattern): Enter, Space or ArrowDown open it on the first item, ArrowUp on
 * the last; arrows, Home and End move; Enter or Space choose; Escape closes and returns to the
 * button; Tab, Shift+Tab (on past the button) or a click elsewhere closes it.
 */
// eslint-disable-next-line max-lines-per-function -- a menu's keyboard handling and items share its open/focus state
export function RowMenu({ label, items, disabled }: { label: string; items: MenuItem[]; disabled: boolean }) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const id = useId();

  /** Puts the menu by its button, where all of it fits in the window; false when the button is out of view. */
  const place = (): boolean => {
    const element = menu.current;
    const rect = button.current?.getBoundingClientRect();
    if (element === null || rect === undefined) return false;
    if (rect.bottom <= 0 || rect.top >= window.innerHeight) return false;
    const size = { width: element.offsetWidth, height: element.scrollHeight };
    const placed = placeMenu(rect, size, { width: window.innerWidth, height: window.innerHeight });
    element.style.top = `${placed.top}px`;
    element.style.left = `${placed.left}px`;
    element.style.maxHeight = placed.maxHeight === undefined ? '' : `${placed.maxHeight}px`;
    return true;
  };

  // Placed once drawn, before it is painted: its size decides where all of it fits in the window.
  useLayoutEffect(() => {
    if (open !== false) place();
  }, [open]);

  useEffect(() => {
    if (open === false) return undefined;
    focusItem(menu.current, open);
    const onPointer = (event: PointerEvent): void => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node))
        setOpen(false);
    };
    // A scroll moves the menu with its button (focusing the button or the first item may itself scroll the
    // page, a moment after the menu opened: closing then shut it under a keyboard user's fingers).
    const onScroll = (): void => {
      if (!place()) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      window.removeEventListener('scroll', onScroll);
    };
  }, [open]);

  const show = (where: 'first' | 'last'): void => {
    if (disabled) return;
    setOpen(where);
  };
  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (item: MenuItem): void => {
    // Focus goes back to the button first, so a dialog the item opens returns focus there.
    close();
    item.run();
  };

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    // Enter and Space are the button's own click (which opens on the first item).
    if (event.key === 'ArrowDown') show('first');
    else if (event.key === 'ArrowUp') show('last');
    else return;
    event.preventDefault();
  };
  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>): void => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusItem(menu.current, 0, 1),
      ArrowUp: () => focusItem(menu.current, 0, -1),
      Home: () => focusItem(menu.current, 'first'),
      End: () => focusItem(menu.current, 'last'),
      Escape: close,
    };
    if (event.key === 'Tab') {
      // The browser moves on from the focused control: from the button, Shift+Tab goes past it, backwards.
      if (event.shiftKey) button.current?.focus();
      setOpen(false);
      return;
    }
    const handler = keys[event.key];
    if (handler === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    handler();
  };

  return (
    <>
      <button
        type="button"
        ref={button}
        className="menu-button"
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open === false ? undefined : id}
        aria-label={label}
        aria-disabled={disabled}
        onClick={() => (open === false ? show('first') : setOpen(false))}
        onKeyDown={onButtonKey}
      >
        More <span aria-hidden="true">▾</span>
      </button>
      {open === false ? null : (
        <ul className="menu" role="menu" id={id} aria-label={label} ref={menu} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <li key={item.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={item.danger === true ? 'danger' : undefined}
                onClick={() => choose(item)}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
