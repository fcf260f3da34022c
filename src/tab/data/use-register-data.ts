/**
 * The register data as React state: the first screen, then rows as views need them (RowSession).
 * The data's types and loaders are register-data.ts, re-exported here for the views.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FirstScreen, RegisterStore } from '../../ports';
import { describeProblem } from '../lib/errors';
import { todayIso } from '../lib/dates';
import { firstScreenData, loadRegisterData, type Loadable, type RegisterData } from './register-data';
import { RowSession } from './row-session';

export * from './register-data';

/**
 * React state for the register data: loading, error with the problem, or ready. With the host's
 * first screen (person, registers, first rows: two requests) the first rows show at once; then the
 * compact projection (one request) and rows as the grid shows them, or every row while `wantAll`
 * (see RowSession). A reload (after a save, or Retry) opens the first screen again.
 */
export function useRegisterData(
  store: RegisterStore,
  today: string = todayIso(),
  first?: FirstScreen,
  wantAll = true,
) {
  const [state, setState] = useState<Loadable<RegisterData>>(() =>
    first
      ? { status: 'ready', data: firstScreenData(first, today), refreshing: true }
      : { status: 'loading' },
  );
  const [generation, setGeneration] = useState(0);
  const [session, setSession] = useState<RowSession | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    let opened: RowSession | undefined;
    setState((s) => (s.status === 'ready' ? { ...s, refreshing: true } : { status: 'loading' }));
    const fail = (err: unknown) => !cancelled && setState({ status: 'error', problem: describeProblem(err) });
    const screen =
      first && generation === 0
        ? Promise.resolve(first)
        : store.openFirstScreen && store.loadRowsAfter
          ? store.openFirstScreen(today)
          : undefined;
    if (screen) {
      screen.then((s) => {
        if (cancelled) return;
        opened = new RowSession(store, s, today, {
          publish: (data, reading) => !cancelled && setState({ status: 'ready', data, refreshing: reading }),
          failed: fail,
        });
        setSession(opened);
        opened.start();
      }, fail);
    } else {
      loadRegisterData(store, today).then(
        (data) => !cancelled && setState({ status: 'ready', data, refreshing: false }),
        fail,
      );
    }
    return () => {
      cancelled = true;
      opened?.cancel();
    };
  }, [store, today, generation, first]);
  useEffect(() => {
    if (wantAll) session?.readAll();
  }, [wantAll, session]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
