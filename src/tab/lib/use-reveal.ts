/**
 * For a panel that appears because of what the person just did (a refused save, a conflict): on
 * mount it is scrolled into view and takes focus, so the outcome is seen and read out at once
 * instead of appearing off-screen at the top of a long form while focus stays on the Save button.
 */
import { useEffect, useRef } from 'react';

/** A ref for the panel; give the element `tabIndex={-1}` so it can take focus. */
export function useReveal<T extends HTMLElement>(enabled = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!enabled) return;
    ref.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
    ref.current?.focus({ preventScroll: true });
  }, [enabled]);
  return ref;
}
