/** A rectangle on screen, in CSS pixels from the window's top left (as getBoundingClientRect gives it). */
export interface ScreenBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface MenuPlacement {
  top: number;
  left: number;
  /** Set when the menu is taller than the room it gets: it scrolls instead of running off the window. */
  maxHeight: number | undefined;
}

const gap = 4;
const margin = 8;

/**
 * Where a row's menu goes so that all of it is in the window, at any zoom: below its button when
 * it fits, else above, else on the roomier side and scrolling; its right edge under the button's,
 * moved in so neither edge leaves the window.
 */
export function placeMenu(
  button: ScreenBox,
  menu: { width: number; height: number },
  window: { width: number; height: number },
): MenuPlacement {
  const below = window.height - button.bottom - gap - margin;
  const above = button.top - gap - margin;
  const left = Math.max(margin, Math.min(button.right - menu.width, window.width - menu.width - margin));
  if (menu.height <= below) return { top: button.bottom + gap, left, maxHeight: undefined };
  if (menu.height <= above) return { top: button.top - gap - menu.height, left, maxHeight: undefined };
  if (below >= above) return { top: button.bottom + gap, left, maxHeight: Math.max(below, 0) };
  return { top: margin, left, maxHeight: Math.max(above, 0) };
}
