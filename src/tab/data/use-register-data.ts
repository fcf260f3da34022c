/**
 * Loads every register the user can see, each for its own current period, into one list of rows.
 * Registers may use different matrices, so each row keeps its register's settings beside it.
 */
import { useCallback, useEffect, useState } from 'react';
import { neutraliseBidiDeep } from '../../domain/display-text';
import type { Period, RegisterSettings } from '../../domain/types';
import type { RegisterRow, RegisterStore, RestoreIssue, Stored } from '../../ports';
import { ListTitles } from '../../ports';
import { describeProblem, type Problem } from '../lib/errors';
import { periodFor } from '../lib/period';
import { todayIso } from '../lib/dates';

export type TabRow = RegisterRow & {
  settings: RegisterSettings;
  period: Period;
  /** What the restore step repaired in this risk's stored items (its own, its controls', actions', snapshots'). */
  restoreIssues: RestoreIssue[];
};

/** The restore issues about one risk: its own item, or items that name it as their parent. */
function issuesOf(issues: readonly RestoreIssue[], risk: { id: number; reference: string }): RestoreIssue[] {
  return issues.filter((i) =>
    i.list === ListTitles.risks ? i.itemId === risk.id : i.record === risk.reference,
  );
}

export type RegisterSummary = { name: string; settings: Stored<RegisterSettings>; period: Period };

export type RegisterData = { registers: RegisterSummary[]; rows: TabRow[]; today: string };

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'error'; problem: Problem }
  | { status: 'ready'; data: T; refreshing: boolean };

/** Loads all registers' views; `reload` re-reads them (after a save or from an error bar's Retry). */
export async function loadRegisterData(store: RegisterStore, today: string): Promise<RegisterData> {
  const names = await store.listRegisters();
  const loaded = await Promise.all(
    names.map(async (name) => {
      const settings = await store.getSettings(name);
      const period = periodFor(settings, today);
      const view = await store.loadRegisterView({ register: name, periodId: period.id });
      return {
        summary: { name, settings, period },
        // Shown as stored: bidi controls in people's text cannot reorder what the grid displays.
        rows: neutraliseBidiDeep(view.rows).map((r) => ({
          ...r,
          settings,
          period,
          restoreIssues: issuesOf(view.issues ?? [], r.risk),
        })),
      };
    }),
  );
  return {
    registers: loaded.map((l) => l.summary),
    rows: loaded.flatMap((l) => l.rows),
    today,
  };
}

/** React state for the register data: loading, error with the problem, or ready. */
export function useRegisterData(store: RegisterStore, today: string = todayIso()) {
  const [state, setState] = useState<Loadable<RegisterData>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setState((s) => (s.status === 'ready' ? { ...s, refreshing: true } : { status: 'loading' }));
    loadRegisterData(store, today).then(
      (data) => !cancelled && setState({ status: 'ready', data, refreshing: false }),
      (err: unknown) => !cancelled && setState({ status: 'error', problem: describeProblem(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [store, today, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
