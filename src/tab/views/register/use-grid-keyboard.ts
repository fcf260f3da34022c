/**
 * Keyboard model of the register grid: one row is in the tab order at a time (roving tabindex);
 * arrows, Page Up/Down, Home and End move between rows, Enter opens the focused risk.
 */
import { useCallback, useState, type KeyboardEvent } from 'react';

/** The focused row index and the key handler that moves it. */
export function useGridKeyboard(options: {
  rowCount: number;
  pageSize: number;
  onOpen: (index: number) => void;
  scrollTo: (index: number) => void;
}) {
  const { rowCount, pageSize, onOpen, scrollTo } = options;
  const [active, setActive] = useState(0);
  const clamp = useCallback((i: number) => Math.max(0, Math.min(rowCount - 1, i)), [rowCount]);
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      const moves: Record<string, number> = {
        ArrowDown: active + 1,
        ArrowUp: active - 1,
        PageDown: active + pageSize,
        PageUp: active - pageSize,
        Home: 0,
        End: rowCount - 1,
      };
      const target = moves[e.key];
      if (target !== undefined) {
        e.preventDefault();
        const next = clamp(target);
        setActive(next);
        scrollTo(next);
        // Focus after the virtualiser has rendered the row.
        requestAnimationFrame(() =>
          document.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus(),
        );
      } else if (e.key === 'Enter') {
        e.preventDefault();
        onOpen(active);
      }
    },
    [active, clamp, onOpen, pageSize, rowCount, scrollTo],
  );
  return { active: clamp(active), setActive, onKeyDown };
}
