/**
 * Which rows of the register grid are in or near its scroll box's viewport. Every grid row is the
 * same height, so the window is arithmetic on the box's scroll position and height, read on scroll
 * and resize; the rows outside it are not in the DOM. (The narrow screen's cards differ in height
 * and are measured by @tanstack/react-virtual, RegisterCards.tsx; the grid's fixed rows need none of
 * that measuring, so it stays out of the wide screen's first render.)
 */
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

export type RowWindow = {
  /** The first row rendered and one past the last. */
  first: number;
  end: number;
  /** The height of every row together: the row group's height, so the scroll bar is true. */
  totalHeight: number;
  /** Scrolls the least that brings the row wholly into view below the sticky header. */
  scrollToIndex: (index: number) => void;
};

type View = { top: number; height: number };

export function useRowWindow(options: {
  scroller: RefObject<HTMLElement | null>;
  /** The element the rows are positioned in (below the header, inside the scroller). */
  rowGroup: RefObject<HTMLElement | null>;
  count: number;
  rowHeight: number;
  /** Rows rendered beyond each edge, so a fast scroll or a key press finds them there. */
  overscan: number;
}): RowWindow {
  const { scroller, rowGroup, count, rowHeight, overscan } = options;
  const [view, setView] = useState<View>({ top: 0, height: 0 });
  const update = useCallback((next: View) => {
    setView((v) => (v.top === next.top && v.height === next.height ? v : next));
  }, []);

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return undefined;
    const read = () => update({ top: box.scrollTop, height: box.clientHeight });
    read();
    box.addEventListener('scroll', read, { passive: true });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(read) : undefined;
    resize?.observe(box);
    return () => {
      box.removeEventListener('scroll', read);
      resize?.disconnect();
    };
  }, [scroller, update]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const box = scroller.current;
      if (!box) return;
      // How far the row group starts below the top of the scrolled content (the header's height).
      const group = rowGroup.current;
      const offset = group
        ? group.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop
        : 0;
      // The sticky header covers the first `offset` pixels of the viewport, so a row is wholly in view
      // when its place in the row group is between scrollTop and scrollTop + clientHeight - offset.
      const rowTop = index * rowHeight;
      let next = box.scrollTop;
      if (rowTop < next) next = rowTop;
      else if (offset + rowTop + rowHeight > next + box.clientHeight) {
        next = offset + rowTop + rowHeight - box.clientHeight;
      }
      if (next === box.scrollTop) return;
      box.scrollTop = next;
      // Rendered now, not at the scroll event: the caller focuses the row on the next frame.
      update({ top: next, height: box.clientHeight });
    },
    [scroller, rowGroup, rowHeight, update],
  );

  // The window counts from the top of the scrolled content, header included: the header is one row
  // high and the overscan covers it, so rendering needs no layout read.
  const first = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  return { first, end, totalHeight: count * rowHeight, scrollToIndex };
}
