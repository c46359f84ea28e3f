import { useEffect, useRef, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { countByGroup, groupLabels, stateGroups, type SortOrder } from '../account-state';
import { actions } from '../actions';
import { useClock } from '../clock';
import { useDashboard } from '../store';
import { SecretStoreNote } from './secret-store-note';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The filter box: type to filter; `/` anywhere else focuses it; Escape in it clears it. */
function FilterBox() {
  const filter = useDashboard((state) => state.filter);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (
        event.key !== '/' ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        isTyping(event.target) ||
        document.querySelector('[aria-modal="true"]') !== null
      )
        return;
      event.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <input
      ref={input}
      type="search"
      className="filter"
      aria-label="Filter accounts"
      aria-keyshortcuts="/"
      placeholder="Filter accounts (press /)"
      value={filter}
      data-focus-fallback=""
      onChange={(event) => actions.setFilter(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && filter !== '') {
          event.preventDefault();
          actions.setFilter('');
        }
      }}
    />
  );
}

/** Counts per state; each count is a toggle that shows only the accounts in that state. */
function StateCounts() {
  const accounts = useDashboard((state) => state.accounts);
  const group = useDashboard((state) => state.group);
  // Re-renders only when a count changes, not on every tick.
  const counts = useClock(useShallow((clock) => countByGroup(Object.values(accounts), clock.now)));
  const total = Object.keys(accounts).length;
  return (
    <div className="counts" role="group" aria-label="Accounts by state">
      <span className="count-total">{total === 1 ? '1 account' : `${total} accounts`}</span>
      {stateGroups.map((each) =>
        counts[each] === 0 && group !== each ? null : (
          <button
            key={each}
            type="button"
            className={`count count-${each}`}
            aria-pressed={group === each}
            onClick={() => actions.setGroup(group === each ? null : each)}
          >
            {counts[each]} {groupLabels[each]}
          </button>
        ),
      )}
    </div>
  );
}

/**
 * While the header sticks to the top, the page keeps that much room above whatever gets focus
 * (scroll-padding), so Tab and Shift+Tab never leave the focused control hidden under it
 * (WCAG 2.4.11). Its height changes as it wraps, so it is measured, not guessed.
 */
function useRoomUnderHeader(header: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = header.current;
    if (element === null) return undefined;
    const measure = (): void => {
      const sticky = getComputedStyle(element).position === 'sticky';
      document.documentElement.style.scrollPaddingTop = sticky ? `${element.offsetHeight + 8}px` : '';
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [header]);
}

export function SummaryBar() {
  const connection = useDashboard((state) => state.connection);
  const sort = useDashboard((state) => state.sort);
  const header = useRef<HTMLElement>(null);
  useRoomUnderHeader(header);
  return (
    <header className="top" ref={header}>
      <h1>Token Wallet</h1>
      <StateCounts />
      <div className="toolbar">
        <FilterBox />
        <select aria-label="Sort" value={sort} onChange={(event) => actions.setSort(event.target.value as SortOrder)}>
          <option value="time-left">Sort by time left</option>
          <option value="name">Sort by name</option>
        </select>
        <button type="button" className="primary" onClick={() => actions.openEditor({ mode: 'add' })}>
          Add account
        </button>
      </div>
      <span className={`connection ${connection}`} data-testid="connection">
        {connection === 'ready' ? 'Connected' : connection === 'lost' ? 'Disconnected from the wallet' : 'Connecting…'}
      </span>
      <SecretStoreNote />
    </header>
  );
}
