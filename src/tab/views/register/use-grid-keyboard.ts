/**
 * Keyboard model of the register grid (the ARIA grid pattern): one cell is in the tab order at a
 * time (roving tabindex). Arrows move between cells, Home and End to the first and last cell of the
 * row, Ctrl+Home and Ctrl+End to the first and last cell of the grid, Page Up and Page Down by a
 * screen of rows; Enter opens the risk of the focused row.
 */
import { useCallback, useState, type KeyboardEvent } from 'react';

export type GridCell = { row: number; col: number };

/** The focused cell and the key handler that moves it. */
export function useGridKeyboard(options: {
  rowCount: number;
  colCount: number;
  pageSize: number;
  onOpen: (index: number) => void;
  scrollTo: (index: number) => void;
}) {
  const { rowCount, colCount, pageSize, onOpen, scrollTo } = options;
  const [active, setActive] = useState<GridCell>({ row: 0, col: 0 });
  const clamp = useCallback(
    (c: GridCell): GridCell => ({
      row: Math.max(0, Math.min(rowCount - 1, c.row)),
      col: Math.max(0, Math.min(colCount - 1, c.col)),
    }),
    [rowCount, colCount],
  );
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      // Keys on the header (sort buttons, column resizers) are theirs, not the grid's.
      if (!(e.target instanceof Element) || !e.target.closest('[data-row-index]')) return;
      const { row, col } = active;
      const ctrl = e.ctrlKey || e.metaKey;
      const moves: Record<string, GridCell> = {
        ArrowDown: { row: row + 1, col },
        ArrowUp: { row: row - 1, col },
        ArrowRight: { row, col: col + 1 },
        ArrowLeft: { row, col: col - 1 },
        PageDown: { row: row + pageSize, col },
        PageUp: { row: row - pageSize, col },
        Home: ctrl ? { row: 0, col: 0 } : { row, col: 0 },
        End: ctrl ? { row: rowCount - 1, col: colCount - 1 } : { row, col: colCount - 1 },
      };
      const target = moves[e.key];
      if (target !== undefined) {
        e.preventDefault();
        const next = clamp(target);
        setActive(next);
        scrollTo(next.row);
        // Focus after the virtualiser has rendered the row.
        requestAnimationFrame(() =>
          document
            .querySelector<HTMLElement>(`[data-row-index="${next.row}"] [data-col-index="${next.col}"]`)
            ?.focus(),
        );
      } else if (e.key === 'Enter') {
        e.preventDefault();
        onOpen(row);
      }
    },
    [active, clamp, colCount, onOpen, pageSize, rowCount, scrollTo],
  );
  return { active: clamp(active), setActive, onKeyDown };
}
