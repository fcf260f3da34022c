/**
 * The register view: risks with their controls, actions and snapshots for the period and the
 * periods before it, read as first pages inside ONE `$batch` (every filter on an indexed column),
 * then any further pages through `odata.nextLink`. With the register's settings cached, 500 risks
 * cost one HTTP request; cold, two (the site's time zone rides in the same batch the first time).
 */
import { directionOfTravel, previousReviewed } from '../domain/direction';
import { matrixAt } from '../domain/matrix-change';
import { periodById, previousPeriod, todayInLondon } from '../domain/periods';
import { isReviewDue } from '../domain/review-schedule';
import { reviewCloses } from '../domain/review-window';
import { type Period, type PeriodSnapshot, type RegisterSettings, type RiskMatrix } from '../domain/types';
import type { SPFI } from '@pnp/sp';
import { toStorageError, ValidationError } from './errors';
import { firstPage, followPages, odataString, readAll, type Page } from './list-reader';
import type { Item } from './restore';
import type { RegisterQuery, RegisterRow, RegisterView, ReviewState, Stored, StoredRisk } from '../ports';
import { restoreAction, restoreControl, restoreRisk, restoreSnapshot, type RestoreReport } from './restore';
import { F, ListTitles } from './schema';
import type { SiteCalendar } from './site-calendar';
import { readWithCalendar, settingsFor, settingsRestorer, type StoreContext } from './store-context';

/** How many earlier periods are searched for the last reviewed snapshot (a year of quarters). */
export const previousPeriodsSearched = 4;

async function settingsForQuery(
  ctx: StoreContext,
  register: string | undefined,
): Promise<Stored<RegisterSettings>> {
  if (register) return settingsFor(ctx, register);
  // All registers: period arithmetic needs one financial-year start; use the first register's settings.
  let items;
  try {
    items = await readAll(ctx.sp, ListTitles.settings);
  } catch (err) {
    throw toStorageError(err, { operation: 'read the register settings', list: ListTitles.settings });
  }
  // Every register's matrix is cached for restoring its ratings; corrupt settings are skipped here
  // (their risks fall back to the first register's matrix) and reported by getSettings.
  let first: Stored<RegisterSettings> | undefined;
  const { restoreSettings } = await settingsRestorer();
  for (const item of items) {
    try {
      const s = restoreSettings(item);
      ctx.settings.set(s.register.toLowerCase(), s);
      first ??= s;
    } catch {
      continue;
    }
  }
  if (!first) {
    throw new ValidationError(
      'No register has valid settings. Run `npm run provision -- --site <url> --register <name>` or fix SettingsJson.',
    );
  }
  return first;
}

export function periodsFor(periodId: string, startMonth: number): { period: Period; earlier: Period[] } {
  const parsed = periodById(periodId, startMonth);
  if (!parsed.ok) {
    throw new ValidationError(
      `'${periodId}' is not a period id of this register (e.g. 2023/24-Q4): ${parsed.errors.map((e) => e.message).join('; ')}`,
      'periodId',
    );
  }
  const earlier: Period[] = [];
  let p = parsed.value;
  for (let i = 0; i < previousPeriodsSearched; i++) {
    p = previousPeriod(p, startMonth);
    earlier.push(p);
  }
  return { period: parsed.value, earlier };
}

function provisionalSnapshot(risk: StoredRisk, period: Period): PeriodSnapshot {
  return {
    riskId: risk.id,
    riskReference: risk.reference,
    periodId: period.id,
    ...(risk.current ? { current: risk.current } : {}),
    comment: '',
    recordedAt: '',
    source: 'tab',
    outcome: 'not-reviewed',
    ...(risk.status === 'merged' && risk.mergedInto ? { mergedInto: risk.mergedInto } : {}),
  };
}

/** Where this period's review of a risk stands, as the grid shows it. */
export function reviewStateOf(
  risk: StoredRisk,
  snapshot: PeriodSnapshot | undefined,
  period: Period,
  startMonth: number,
  today: string,
  /** The last day answers are accepted (domain reviewCloses); overdue after it, as the review service closes. */
  closes: string = period.end,
): ReviewState {
  if (snapshot) {
    if (snapshot.outcome === 'not-reviewed') return 'not-reviewed';
    return snapshot.outcome;
  }
  if (!isReviewDue(risk, period, startMonth)) return 'not-due';
  return today > closes ? 'overdue' : 'outstanding';
}

/** Loads the register view; see the module comment for the request budget. */
export async function loadRegisterView(
  ctx: StoreContext,
  query: RegisterQuery,
  today: string = todayInLondon(),
): Promise<RegisterView> {
  const settings = await settingsForQuery(ctx, query.register);
  const startMonth = settings.financialYearStartMonth;
  const { period, earlier } = periodsFor(query.periodId, startMonth);
  const byRegister = query.register ? `${F.risks.register} eq ${odataString(query.register)}` : undefined;
  const periodIds = [period.id, ...earlier.map((p) => p.id)];

  const reads = [
    (s: SPFI) => firstPage(s, ListTitles.risks, byRegister ? { filter: byRegister } : {}),
    (s: SPFI) => firstPage(s, ListTitles.controls, byRegister ? { filter: byRegister } : {}),
    (s: SPFI) => firstPage(s, ListTitles.actions, byRegister ? { filter: byRegister } : {}),
    // One query per period rather than an `or`: each result stays within one period's risks, which
    // keeps every indexed filter's result small on real SharePoint as the snapshot list grows.
    ...periodIds.map(
      (id) => (s: SPFI) =>
        firstPage(s, ListTitles.snapshots, {
          filter: [`${F.snapshots.periodId} eq ${odataString(id)}`, byRegister].filter(Boolean).join(' and '),
        }),
    ),
  ];
  let pages: Page[];
  let cal: SiteCalendar;
  try {
    ({ results: pages, cal } = await readWithCalendar(ctx, reads));
  } catch (err) {
    throw toStorageError(err, {
      operation: `load the register view for ${query.register ?? 'all registers'}`,
    });
  }
  const [riskItems, controlItems, actionItems, ...snapshotPages] = await Promise.all(
    pages.map((p) => followPages(ctx.sp, p)),
  );
  const snapshotItems = snapshotPages.flat();

  const report: RestoreReport = [];
  const matrixOf = (register: string): RiskMatrix =>
    ctx.settings.get(register.toLowerCase())?.matrix ?? settings.matrix;
  const rows = assembleRows(
    {
      riskItems: riskItems ?? [],
      controlItems: controlItems ?? [],
      actionItems: actionItems ?? [],
      snapshotItems,
    },
    {
      period: () => period,
      startMonth: () => startMonth,
      matrixOf,
      settingsOf: (register) => ctx.settings.get(register.toLowerCase()) ?? settings,
      cal,
      today,
      report,
    },
  );
  return { settings, period, rows, issues: report };
}

/** The items a set of register rows is built from: risks, and the children and snapshots of those risks. */
export type RowItems = {
  riskItems: Item[];
  controlItems: Item[];
  actionItems: Item[];
  snapshotItems: Item[];
};

/** How rows are built: each risk's period, financial-year start and matrix by register, and the calendar. */
export type RowContext = {
  period: (register: string) => Period;
  startMonth: (register: string) => number;
  matrixOf: (register: string) => RiskMatrix;
  /**
   * The register's settings: with them a snapshot is read on the matrix in force when it was recorded
   * (a matrix change never re-rates history) and a review is overdue once answers close (reviewCloses).
   */
  settingsOf?: (register: string) => RegisterSettings;
  cal: SiteCalendar;
  today: string;
  report: RestoreReport;
};

/**
 * Restores the items and joins them into grid rows: each risk with its controls (in order), actions,
 * this period's snapshot (or a provisional one from the live rating), the last reviewed one before
 * it, the direction of travel and the review state. Items of risks not in `riskItems` are ignored.
 */
export function assembleRows(items: RowItems, how: RowContext): RegisterRow[] {
  const risks = items.riskItems
    .map((i) => restoreRisk(i, how.matrixOf(String(i[F.risks.register] ?? '')), how.report, how.cal))
    .filter((r): r is StoredRisk => !!r);
  const byId = new Map(risks.map((r) => [r.id, r]));
  for (const item of items.controlItems) {
    const c = restoreControl(item);
    const risk = c.riskId === undefined ? undefined : byId.get(c.riskId);
    const { riskId: _r, ...control } = c;
    risk?.controls.push(control);
  }
  for (const item of items.actionItems) {
    const a = restoreAction(item, how.report, how.cal);
    const risk = a.riskId === undefined ? undefined : byId.get(a.riskId);
    const { riskId: _r, ...action } = a;
    risk?.actions.push(action);
  }
  for (const r of risks) r.controls.sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9));

  const snapshotsByRisk = new Map<number, Stored<PeriodSnapshot>[]>();
  for (const item of items.snapshotItems) {
    const riskId = Number(item.RiskId);
    const risk = byId.get(riskId);
    if (!risk) continue;
    // On the matrix in force when it was recorded: a matrix change never re-rates history.
    const settingsOfRisk = how.settingsOf?.(risk.register);
    const matrix = settingsOfRisk
      ? matrixAt(settingsOfRisk, String(item[F.snapshots.recordedAt] ?? ''))
      : how.matrixOf(risk.register);
    const s = restoreSnapshot(item, matrix, how.report);
    if (!s) continue;
    const list = snapshotsByRisk.get(riskId) ?? [];
    list.push(s);
    snapshotsByRisk.set(riskId, list);
  }

  return risks.map((risk) => {
    const snaps = snapshotsByRisk.get(risk.id) ?? [];
    const period = how.period(risk.register);
    const startMonth = how.startMonth(risk.register);
    const snapshot = snaps.find((s) => s.periodId === period.id);
    // Not reviewed yet this period: the live rating stands in for this period's position.
    const now: PeriodSnapshot = snapshot ?? provisionalSnapshot(risk, period);
    const previous = previousReviewed(now, snaps) as Stored<PeriodSnapshot> | undefined;
    const row: RegisterRow = {
      risk,
      direction: directionOfTravel(now, snaps, how.matrixOf(risk.register)),
      reviewState: reviewStateOf(
        risk,
        snapshot,
        period,
        startMonth,
        how.today,
        ...(how.settingsOf ? [reviewCloses(how.settingsOf(risk.register), period)] : []),
      ),
    };
    if (snapshot) row.snapshot = snapshot;
    if (previous) row.previous = previous;
    return row;
  });
}
