/**
 * One breakpoint for the tab's narrow layout (a Teams side panel is 320 CSS px, Teams mobile about
 * 390; WCAG 2.2 SC 1.4.10 Reflow asks for 320 without sideways scrolling). Styles use `narrow` in
 * makeStyles; the few structural switches (the grid or cards) read the same query with `useNarrow`.
 */
import { useSyncExternalStore } from 'react';

/** 640 CSS px: below it six tabs, the filter bar and the grid's nine columns no longer fit a row. */
export const NARROW_QUERY = '(max-width: 640px)';

/** The media query key for makeStyles: `{ [narrow]: { ... } }`. */
export const narrow = `@media ${NARROW_QUERY}`;

function subscribe(onChange: () => void): () => void {
  const list = typeof window.matchMedia === 'function' ? window.matchMedia(NARROW_QUERY) : undefined;
  list?.addEventListener('change', onChange);
  return () => list?.removeEventListener('change', onChange);
}

/** Whether the viewport is narrow at this moment. Without matchMedia (jsdom) the wide layout. */
export const isNarrowNow = (): boolean =>
  typeof window !== 'undefined' &&
  typeof window.matchMedia === 'function' &&
  window.matchMedia(NARROW_QUERY).matches;

/** Whether the viewport is narrow now; follows resizes. */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, isNarrowNow, () => false);
}

/** Content hidden on screen and still read by screen readers. */
export const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;
