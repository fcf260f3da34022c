/**
 * Loads every register the user can see, each for its own current period, into one list of rows.
 * Registers may use different matrices, so each row keeps its register's settings beside it.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { neutraliseBidiDeep } from '../../domain/display-text';
import type { Period, RegisterSettings } from '../../domain/types';
import type {
  FirstScreen,
  RegisterRow,
  RegisterStore,
  RestoreIssue,
  RiskSummaryRow,
  RowsPage,
  Stored,
} from '../../ports';
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

export type RegisterData = {
  registers: RegisterSummary[];
  rows: TabRow[];
  today: string;
  /**
   * Every risk in the compact projection, once read (one `$batch` after the first screen): the heat
   * map counts from it while the rows are still arriving a page at a time. Absent until then, and for
   * a store that cannot read it; views then count from `rows`.
   */
  summary?: RiskSummaryRow[];
};

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

/** Risks read a page at a time after the first screen (two requests a page). */
export const rowsPerPage = 250;

/** Grid rows from a page of the store's rows, each beside its register's settings and period. */
function tabRowsOf(page: RowsPage, registers: RegisterSummary[]): TabRow[] {
  const byName = new Map(registers.map((r) => [r.name.toLowerCase(), r]));
  // A risk of a register without (valid) settings is not shown, as the per-register load never read it.
  return neutraliseBidiDeep(page.rows).flatMap((r) => {
    const reg = byName.get(r.risk.register.toLowerCase());
    return reg
      ? [{ ...r, settings: reg.settings, period: reg.period, restoreIssues: issuesOf(page.issues, r.risk) }]
      : [];
  });
}

/** The register data of a first screen: its registers and the rows read so far. */
export function firstScreenData(first: FirstScreen, today: string): RegisterData {
  return { registers: first.registers, rows: tabRowsOf(first, first.registers), today };
}

/**
 * How often the data so far is handed on while pages arrive: each hand-on filters and sorts every row
 * read, so a 50,000-risk register's 200 pages are shown a second at a time, not a page at a time.
 */
export const publishEveryMs = 1000;

/**
 * The rows after the first screen, page by page in risk ID order; `onPage` sees the data so far after
 * the first page and then at most every `publishEveryMs` (the caller takes the last from the result).
 * No query matches more than the list view threshold, however large a register is.
 */
export async function loadRowsAfterFirst(
  store: RegisterStore,
  first: FirstScreen,
  today: string,
  onPage: (data: RegisterData) => void,
  cancelled: () => boolean = () => false,
  now: () => number = Date.now,
): Promise<RegisterData> {
  let data = firstScreenData(first, today);
  let after = first.nextAfterId;
  let published = -Infinity;
  while (after !== undefined && store.loadRowsAfter && !cancelled()) {
    const page = await store.loadRowsAfter(after, rowsPerPage, today, first.registers);
    data = { ...data, rows: [...data.rows, ...tabRowsOf(page, first.registers)] };
    after = page.nextAfterId;
    if (now() - published >= publishEveryMs) {
      published = now();
      onPage(data);
    }
  }
  return data;
}

/**
 * React state for the register data: loading, error with the problem, or ready. With the host's
 * first screen (person, registers, first rows: two requests) the first rows show at once and the rest
 * follow page by page; a reload (after a save, or Retry) reads them the same way, first screen again.
 */
export function useRegisterData(store: RegisterStore, today: string = todayIso(), first?: FirstScreen) {
  const [state, setState] = useState<Loadable<RegisterData>>(() =>
    first
      ? { status: 'ready', data: firstScreenData(first, today), refreshing: true }
      : { status: 'loading' },
  );
  const [generation, setGeneration] = useState(0);
  const [summary, setSummary] = useState<RiskSummaryRow[] | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    setSummary(undefined);
    setState((s) => (s.status === 'ready' ? { ...s, refreshing: true } : { status: 'loading' }));
    const opened =
      first && generation === 0
        ? Promise.resolve(first)
        : store.openFirstScreen && store.loadRowsAfter
          ? store.openFirstScreen(today)
          : undefined;
    const loading = opened
      ? opened.then((screen) => {
          // The compact projection in parallel with the pages: one request, then the heat map is whole.
          store
            .loadRiskSummary?.(screen.lastRiskId)
            .then((all) => !cancelled && setSummary(all))
            // The heat map then counts from the rows, once they are all read: nothing is lost.
            .catch(() => undefined);
          return loadRowsAfterFirst(
            store,
            screen,
            today,
            (data) => !cancelled && setState({ status: 'ready', data, refreshing: true }),
            () => cancelled,
          );
        })
      : loadRegisterData(store, today);
    loading.then(
      (data) => !cancelled && setState({ status: 'ready', data, refreshing: false }),
      (err: unknown) => !cancelled && setState({ status: 'error', problem: describeProblem(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [store, today, generation, first]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const withSummary = useMemo<Loadable<RegisterData>>(
    () => (state.status === 'ready' && summary ? { ...state, data: { ...state.data, summary } } : state),
    [state, summary],
  );
  return { state: withSummary, reload };
}
