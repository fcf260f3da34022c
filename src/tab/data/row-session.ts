/**
 * The register's rows after the first screen (issue 20), for one opening of the tab: the compact
 * projection of every risk in one request, then whole rows only where they are needed.
 *
 * - **As the grid scrolls** (`readRows`): the grid orders and filters every risk from the projection
 *   and asks for the rows it shows; those are read by ID, two requests for up to 100 risks, however
 *   far down a sorted 50,000-risk register they are. A fast scroll asks once it pauses, for what is
 *   then on screen.
 * - **Every row** (`readAll`): a view that needs every risk's texts, people or review state (the
 *   summary, review status, settings, import, exports, a search or an owner filter) reads the rest a
 *   page at a time in ID order, as the tab did for every view before.
 *
 * No query matches more than the list view threshold either way. Without the projection (a store
 * that cannot read it, or a failed read) every row is read, so nothing is missing from the grid.
 */
import type { FirstScreen, RegisterStore, RiskSummaryRow } from '../../ports';
import { describeProblem, type Problem } from '../lib/errors';
import {
  firstScreenData,
  publishEveryMs,
  rowsPerPage,
  tabRowsOf,
  type RegisterData,
  type TabRow,
} from './register-data';

/** Risks read by ID in one call (the store's limit): a screenful and the grid's overscan. */
export const rowsPerRead = 100;
/**
 * ID windows read at once when every row is needed: four requests in flight (browsers open six to a
 * host), so 200 ms a request costs about a quarter of reading the windows one after another.
 */
export const readersAtOnce = 4;
/** How long the grid's rows must stay on screen before they are read: a fast scroll reads once. */
export const readAfterMs = 150;

export type RowSessionEvents = {
  /** The data so far; `reading` while the projection or every row is still being read. */
  publish(data: RegisterData, reading: boolean): void;
  /** Reading every row failed: the tab shows the problem with Retry (a reload). */
  failed(err: unknown): void;
};

export type Timers = {
  now: () => number;
  setTimeout: (f: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class RowSession {
  private readonly rows = new Map<number, TabRow>();
  private after: number | undefined;
  private summary: RiskSummaryRow[] | undefined;
  private summaryPending = false;
  private readingAll = false;
  private cancelled = false;
  /** Ids asked for or read by ID, so none is asked for twice (a risk deleted since stays asked). */
  private readonly asked = new Set<number>();
  private wanted: number[] = [];
  private timer: unknown;
  private problem: Problem | undefined;
  private readonly failed = new Set<number>();
  /** The first screen's data: its registers and today, converted once. */
  private readonly base: RegisterData;

  constructor(
    private readonly store: RegisterStore,
    private readonly first: FirstScreen,
    private readonly today: string,
    private readonly events: RowSessionEvents,
    private readonly timers: Timers = realTimers,
  ) {
    this.base = firstScreenData(first, today);
    for (const row of this.base.rows) this.rows.set(row.risk.id, row);
    this.after = first.nextAfterId;
  }

  /**
   * Reads the projection (when rows remain after the first screen). A store that cannot read rows by
   * ID, or a failed projection, reads every row instead, so the grid misses none.
   */
  start(): void {
    if (this.after === undefined) {
      this.publish();
      return;
    }
    const byId = !!this.store.loadRowsById;
    if (!this.store.loadRiskSummary) {
      this.readAll();
      return;
    }
    this.summaryPending = true;
    if (byId) this.publish();
    else this.readAll();
    this.store.loadRiskSummary(this.first.lastRiskId).then(
      (all) => {
        if (this.cancelled) return;
        this.summary = all;
        this.summaryPending = false;
        this.publish();
      },
      () => {
        if (this.cancelled) return;
        this.summaryPending = false;
        this.readAll();
        this.publish();
      },
    );
  }

  cancel(): void {
    this.cancelled = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
  }

  /** The data so far, with this session's readers. */
  data(): RegisterData {
    return {
      ...this.base,
      rows: [...this.rows.values()],
      ...(this.summary ? { summary: this.summary } : {}),
      partial: this.after !== undefined,
      readRows: this.readRows,
      readAll: this.readAll,
      retryRows: this.retryRows,
      ...(this.problem ? { readProblem: this.problem } : {}),
    };
  }

  private publish(): void {
    if (!this.cancelled) this.events.publish(this.data(), this.summaryPending || this.readingAll);
  }

  /** Reads the rows of these risks once they have been asked for `readAfterMs` (the latest ask wins). */
  readonly readRows = (ids: number[]): void => {
    // Also while every row is being read: the pages may not reach the rows on screen for a while.
    if (this.after === undefined) return;
    this.wanted = ids.filter((id) => !this.rows.has(id) && !this.asked.has(id));
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.wanted.length === 0) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.readWanted();
    }, readAfterMs);
  };

  private readWanted(): void {
    const load = this.store.loadRowsById;
    if (!load || this.cancelled) return;
    const ids = this.wanted;
    this.wanted = [];
    for (let i = 0; i < ids.length; i += rowsPerRead) {
      const part = ids.slice(i, i + rowsPerRead);
      for (const id of part) this.asked.add(id);
      load(part, this.today, this.first.registers).then(
        (page) => {
          if (this.cancelled) return;
          for (const row of tabRowsOf(page, this.first.registers)) this.rows.set(row.risk.id, row);
          this.problem = undefined;
          this.publish();
        },
        (err: unknown) => {
          if (this.cancelled) return;
          // Not asked for again by themselves (a failing site would be asked every pause): `retryRows`.
          for (const id of part) this.failed.add(id);
          this.problem = describeProblem(err);
          this.publish();
        },
      );
    }
  }

  /** Lets the rows whose read failed be asked for again; the grid asks for those on screen at once. */
  readonly retryRows = (): void => {
    for (const id of this.failed) this.asked.delete(id);
    this.failed.clear();
    this.problem = undefined;
    this.publish();
  };

  /** Reads every row not read yet, a page at a time, handing on the data at most once a second. */
  readonly readAll = (): void => {
    if (this.readingAll || this.after === undefined || !this.store.loadRowsAfter || this.cancelled) return;
    this.readingAll = true;
    this.publish();
    void this.readPages().then(
      () => {
        this.readingAll = false;
        this.publish();
      },
      (err: unknown) => {
        this.readingAll = false;
        if (!this.cancelled) this.events.failed(err);
      },
    );
  };

  /**
   * The rest in ID windows of `rowsPerPage` ids up to the first screen's newest risk, `readersAtOnce`
   * windows at a time (each a page after its window's start: two requests). A window with deleted
   * ids reads past its end, and keeps only its own; the last window reads on to the list's end, so
   * a risk added since the tab opened is read too.
   */
  private async readPages(): Promise<void> {
    const load = this.store.loadRowsAfter;
    const start = this.after;
    if (!load || start === undefined) return;
    const windows: number[] = [];
    for (let from = start; from < this.first.lastRiskId; from += rowsPerPage) windows.push(from);
    if (windows.length === 0) windows.push(start);
    let published = -Infinity;
    let next = 0;
    const reader = async () => {
      while (next < windows.length && !this.cancelled) {
        const k = next++;
        const from = windows[k] as number;
        const end = k === windows.length - 1 ? Infinity : from + rowsPerPage;
        let after: number | undefined = from;
        while (after !== undefined && after < end && !this.cancelled) {
          const page = await load(after, rowsPerPage, this.today, this.first.registers);
          // A row read by ID while the pages came keeps its place; the page's copy is as fresh.
          for (const row of tabRowsOf(page, this.first.registers)) {
            if (row.risk.id <= end) this.rows.set(row.risk.id, row);
          }
          after = page.nextAfterId;
          if (this.timers.now() - published >= publishEveryMs) {
            published = this.timers.now();
            this.publish();
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(readersAtOnce, windows.length) }, reader));
    if (!this.cancelled) this.after = undefined;
  }
}

/** Every row of the register after this first screen (tests, tools): resolves once all are read. */
export function readEveryRow(
  store: RegisterStore,
  first: FirstScreen,
  today: string,
  onPublish: (data: RegisterData) => void = () => undefined,
  timers?: Timers,
): Promise<RegisterData> {
  return new Promise((resolve, reject) => {
    const session = new RowSession(
      store,
      first,
      today,
      {
        publish: (data, reading) => {
          if (!reading && !data.partial) resolve(data);
          else if (reading && data.rows.length > first.rows.length) onPublish(data);
        },
        failed: reject,
      },
      timers,
    );
    session.readAll();
    if (!first.nextAfterId) resolve(session.data());
  });
}
