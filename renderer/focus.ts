/** Where focus goes when the control that had it is gone (a removed account's row): the filter box. */
export function focusFallback(): void {
  document.querySelector<HTMLElement>('[data-focus-fallback]')?.focus();
}

/** After the list re-renders: if focus fell to the page body with a removed row, put it somewhere useful. */
export function keepFocusAfterRemoval(): void {
  setTimeout(() => {
    if (document.activeElement === null || document.activeElement === document.body) focusFallback();
  }, 50);
}
