import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { AccountView } from '../../app/model';
import type { ProviderMeta } from '../../app/providers/provider-meta';
import { AccountRow } from './account-row';

/** Above this many accounts, only the rows in view (plus a margin) are rendered. */
export const virtualizeAbove = 60;
const overscan = 6;

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
  if (rowStride <= 0) return { start: 0, end: Math.min(count, overscan * 2) };
  const first = Math.floor((scrollY - listTop) / rowStride);
  const last = Math.ceil((scrollY - listTop + viewportHeight) / rowStride);
  const end = Math.min(count, Math.max(0, last + overscan));
  return { start: Math.min(end, Math.max(0, first - overscan)), end };
}

/**
 * The window follows scrolling. The first render assumes the list starts at the top of the page
 * (which covers the viewport) and measures where it really is after paint: a layout forced in the
 * middle of the first render cost more than the rows themselves.
 */
function useScrollWindow(virtual: boolean, list: RefObject<HTMLUListElement | null>) {
  const stride = useMemo(() => (virtual ? cssPixels('--row-height') + cssPixels('--row-gap') : 0), [virtual]);
  const [view, setView] = useState({
    scrollY: 0,
    height: typeof window === 'undefined' ? 800 : window.innerHeight,
    listTop: 0,
  });
  useEffect(() => {
    if (!virtual) return undefined;
    const measure = (): void => {
      const top = (list.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
      setView({ scrollY: window.scrollY, height: window.innerHeight, listTop: top });
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
  return { ...view, stride };
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

  useEffect(() => {
    if (list.current !== null) list.current.style.height = virtual ? `${accounts.length * view.stride}px` : '';
  }, [virtual, accounts.length, view.stride]);

  if (!virtual) {
    return (
      <ul className="accounts" data-testid="accounts" aria-label="Accounts" ref={list}>
        {accounts.map((account) => (
          <AccountRow key={account.id} account={account} meta={metaByKind.get(account.provider)} />
        ))}
      </ul>
    );
  }
  const { start, end } = visibleRange(accounts.length, view.stride, view.listTop, view.scrollY, view.height);
  return (
    <ul className="accounts virtual" data-testid="accounts" aria-label={`Accounts (${accounts.length})`} ref={list}>
      {accounts.slice(start, end).map((account, offset) => (
        <AccountRow
          key={account.id}
          account={account}
          meta={metaByKind.get(account.provider)}
          top={(start + offset) * view.stride}
        />
      ))}
    </ul>
  );
}
