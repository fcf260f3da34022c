/** React binding for the URL state: read on load, push on change, follow Back and Forward. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { parseLocation, serialiseLocation, type TabLocation } from './url-state';

export type Navigate = (
  update: (current: TabLocation) => TabLocation,
  options?: { replace?: boolean },
) => void;

/** The current tab location and a function to change it. */
export function useTabLocation(): [TabLocation, Navigate] {
  const [location, setLocation] = useState(() => parseLocation(window.location.search));
  const latest = useRef(location);
  useEffect(() => {
    const onPop = () => {
      latest.current = parseLocation(window.location.search);
      setLocation(latest.current);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback<Navigate>((update, options) => {
    const next = update(latest.current);
    latest.current = next;
    const search = serialiseLocation(next, window.location.search);
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    // Typing in the search box replaces the entry instead of adding one per keystroke.
    if (options?.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    setLocation(next);
  }, []);
  return [location, navigate];
}
