/**
 * The register data the tab's views show: every register the user can see, each for its own current
 * period, and the rows read. Registers may use different matrices, so each row keeps its register's
 * settings beside it. The React state that loads it is use-register-data.ts.
 */
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
import type { Problem } from '../lib/errors';
import { periodFor } from '../lib/period';

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
  /**
   * Rows remain unread (a register larger than the first screen, read as the grid scrolls): `rows`
   * are those read so far and `summary`, once read, lists every risk. Absent when every row is read.
   */
  partial?: boolean;
  /** Reads these risks' rows (the grid's rows on screen); a no-op once every row is read. */
  readRows?: (ids: number[]) => void;
  /** Reads every row not read yet, a page at a time (views that need every risk's texts and people). */
  readAll?: () => void;
  /** Why the last `readRows` failed; `retryRows` asks for those rows again. */
  readProblem?: Problem;
  retryRows?: () => void;
};

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'error'; problem: Problem }
  | { status: 'ready'; data: T; refreshing: boolean };

/**
 * The references a register's risks already use, lower-cased: every risk's from the compact
 * projection while rows remain unread, else from the rows.
 */
export function takenReferences(data: RegisterData, register: string | undefined): Set<string> {
  const risks = data.partial && data.summary ? data.summary : data.rows.map((r) => r.risk);
  return new Set(risks.filter((r) => r.register === register).map((r) => r.reference.toLowerCase()));
}

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
export function tabRowsOf(page: RowsPage, registers: RegisterSummary[]): TabRow[] {
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
