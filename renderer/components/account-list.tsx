import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { AccountView } from '../../app/model';
import type { ProviderMeta } from '../../app/providers/provider-meta';
import { AccountRow } from './account-row';

/** Above this many accounts, only the rows in view (plus a margin) are rendered. */
export const virtualizeAbove = 60;
const overscan = 6;
/**
 * The first render's window, before anything is measured: enough rows for a tall screen. The
 * server's pre-render and the page's hydration both draw exactly these, so they agree.
 */
export const firstWindowRows = 16;

function cssPixels(name: string): number {
  return Number.parseFloat(getComputedStyle(document.documentElement).getPropertyValue(name)) || 0;
}

/** The rows of a window of a long list, from the list's position on the page and the scroll offset. */
export function visibleRange(
  count: number,
  rowStride: number,
  listTop: number,
  scrollY: number,
  viewportHeight: number,
): { start: number; end: number } {
  if (rowStride <= 0) return { start: 0, end: Math.min(count, firstWindowRows) };
  const first = Math.floor((scrollY - listTop) / rowStride);
  const last = Math.ceil((scrollY - listTop + viewportHeight) / rowStride);
  const end = Math.min(count, Math.max(0, last + overscan));
  return { start: Math.min(end, Math.max(0, first - overscan)), end };
}

interface ScrollView {
  scrollY: number;
  height: number;
  listTop: number;
  /** Row height plus gap, from the stylesheet; 0 until measured after the first paint. */
  stride: number;
}

/**
 * The window follows scrolling. Nothing is measured during the first render (a layout forced in
 * the middle of it cost more than the rows, and a server has no layout): it draws the first rows,
 * and the window is measured after paint.
 */
function useScrollWindow(virtual: boolean, list: RefObject<HTMLUListElement | null>): ScrollView {
  const [view, setView] = useState<ScrollView>({ scrollY: 0, height: 0, listTop: 0, stride: 0 });
  useEffect(() => {
    if (!virtual) return undefined;
    const stride = cssPixels('--row-height') + cssPixels('--row-gap');
    const measure = (): void => {
      const top = (list.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
      setView({ scrollY: window.scrollY, height: window.innerHeight, listTop: top, stride });
    };
    let frame = requestAnimationFrame(measure);
    const onScroll = (): void => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }, [virtual, list]);
  return view;
}

/**
 * A long list's rows stay in the normal flow: the list's top padding stands for the rows above the
 * window and its height for all of them. Set through the CSSOM, never as style attributes, which
 * the CSP would refuse in a pre-rendered page.
 */
function useListBox(
  list: RefObject<HTMLUListElement | null>,
  virtual: boolean,
  count: number,
  start: number,
  view: ScrollView,
) {
  useLayoutEffect(() => {
    const element = list.current;
    if (element === null) return;
    const measured = virtual && view.stride > 0;
    element.style.paddingTop = measured ? `${start * view.stride}px` : '';
    element.style.height = measured ? `${count * view.stride}px` : '';
  }, [list, virtual, count, start, view.stride]);
}

export function AccountList({
  accounts,
  metaByKind,
}: {
  accounts: AccountView[];
  metaByKind: Map<string, ProviderMeta>;
}) {
  const list = useRef<HTMLUListElement>(null);
  const virtual = accounts.length > virtualizeAbove;
  const view = useScrollWindow(virtual, list);
  const { start, end } = virtual
    ? visibleRange(accounts.length, view.stride, view.listTop, view.scrollY, view.height)
    : { start: 0, end: accounts.length };
  useListBox(list, virtual, accounts.length, start, view);
  const shown = useMemo(() => accounts.slice(start, end), [accounts, start, end]);
  return (
    <ul
      className={virtual ? 'accounts virtual' : 'accounts'}
      data-testid="accounts"
      aria-label={virtual ? `Accounts (${accounts.length})` : 'Accounts'}
      ref={list}
    >
      {shown.map((account) => (
        <AccountRow key={account.id} account={account} meta={metaByKind.get(account.provider)} fixedHeight={virtual} />
      ))}
    </ul>
  );
}
