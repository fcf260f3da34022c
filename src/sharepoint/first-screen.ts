/**
 * The register at any size in two round trips (issue 20). What the first screen needs travels in at
 * most two sequential requests, and no query ever needs SharePoint to read more items than the list
 * view threshold, however many risks a register holds:
 *
 * 1. One `$batch`: who the person is (`web/currentuser`), their SharePoint groups and the site's
 *    effective permissions (their access), every register's settings (a small list), the site's time
 *    zone (first time only), the first page of risks in ID order (unfiltered: SharePoint pages a large
 *    list by ID without an index), and the highest risk ID (for the compact projection's windows).
 * 2. One `$batch`: the controls, actions and this period's and earlier periods' snapshots of exactly
 *    those risks, each filtered first by an `or` of `RiskId eq …` (an indexed lookup column, so the
 *    first indexed clause names at most a page of risks' children), 25 risks to a part.
 *
 * Rows after the first page come the same way as the grid scrolls (`loadRowsAfter`: the next risks by
 * ID, then their children), and counts and the heat map come from a compact projection of every risk
 * (`loadRiskSummary`: a dozen columns, 5,000 risks to a part, every part in one `$batch`). A register
 * never filters on `Register eq …`, which on a register of more than 5,000 risks SharePoint refuses
 * even though the column is indexed (SPQueryThrottledException; Learn, "Manage large lists and
 * libraries").
 */
import { InjectHeaders } from '@pnp/queryable';
import { SPQueryable, type SPFI } from '@pnp/sp';
import { periodOf } from '../domain/periods';
import { type RegisterSettings, type RiskMatrix } from '../domain/types';
import type { FieldCatalogue, FieldSpec } from '../domain/field-spec';
import { RISK_FIELDS, type RiskFieldName } from '../domain/field-catalogue';
import type {
  FirstScreen,
  RegisterOpening,
  RegisterRow,
  RestoreIssue,
  RiskSummaryRow,
  RowsPage,
  Stored,
} from '../ports';
import { settleInBatch, readInBatch } from './batch';
import { toCurrentUser, type SpCurrentUser, type SpPermissions } from './current-user';
import { toStorageError } from './errors';
import { anyOf, firstPage, followPages, itemsQuery, pageSize, PageParse, type Page } from './list-reader';
import { assembleRows, periodsFor } from './register-view';
import { restoreRisk, type Item, type RestoreReport } from './restore';
import type { restoreSettings as RestoreSettings } from './restore-settings';
import { F, ListTitles } from './schema';
import { readSiteTimeZone, type SiteCalendar, type SpTimeZone } from './site-calendar';
import { rememberTimeZone, settingsRestorer, type StoreContext } from './store-context';

/** Risks on the first screen (a screenful and more). */
export const firstRowCount = 100;
/** Risk ids per child query part: keeps each part's `$filter` short (about 500 characters). */
export const idsPerPart = 25;

type Part = unknown;

function registersFrom(
  ctx: StoreContext,
  items: Item[],
  today: string,
  restoreSettings: typeof RestoreSettings,
): RegisterOpening[] {
  const out: RegisterOpening[] = [];
  for (const item of items) {
    let settings: Stored<RegisterSettings>;
    try {
      settings = restoreSettings(item);
    } catch {
      // Corrupt settings: that register's risks fall back to the first register's matrix here;
      // getSettings reports the problem when the register is opened in the settings view.
      continue;
    }
    ctx.settings.set(settings.register.toLowerCase(), settings);
    const period = periodOf(today, settings.review.periodKind, settings.financialYearStartMonth);
    out.push({ name: settings.register, settings, period });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The risk page's children and snapshots in one `$batch`, then the rows. */
async function rowsFor(
  ctx: StoreContext,
  riskItems: Item[],
  registers: RegisterOpening[],
  cal: SiteCalendar,
  today: string,
): Promise<{ rows: RegisterRow[]; issues: RestoreIssue[] }> {
  const fallback = registers[0];
  // No register yet (a new site): nothing to show, as the register view shows nothing without settings.
  if (!fallback || riskItems.length === 0) return { rows: [], issues: [] };
  const byName = new Map(registers.map((r) => [r.name.toLowerCase(), r]));
  const openingOf = (register: string) => byName.get(register.toLowerCase()) ?? fallback;
  const periodIds = new Set<string>();
  for (const item of riskItems) {
    const r = openingOf(String(item[F.risks.register] ?? ''));
    const { period, earlier } = periodsFor(r.period.id, r.settings.financialYearStartMonth);
    for (const p of [period, ...earlier]) periodIds.add(p.id);
  }
  const ids = riskItems.map((i) => Number(i.Id));
  const reads: ((s: SPFI) => Promise<Page>)[] = [];
  for (let i = 0; i < ids.length; i += idsPerPart) {
    const risks = anyOf('RiskId', ids.slice(i, i + idsPerPart)) as string;
    reads.push(
      (s) => firstPage(s, ListTitles.controls, { filter: risks }),
      (s) => firstPage(s, ListTitles.actions, { filter: risks }),
      (s) =>
        firstPage(s, ListTitles.snapshots, {
          filter: `${risks} and ${anyOf(F.snapshots.periodId, [...periodIds]) as string}`,
        }),
    );
  }
  let pages: Page[];
  try {
    pages = reads.length ? await readInBatch(ctx.sp, reads) : [];
  } catch (err) {
    throw toStorageError(err, { operation: 'load the controls, actions and reviews of the first risks' });
  }
  const all = await Promise.all(pages.map((p) => followPages(ctx.sp, p)));
  const byList = (k: number) => all.filter((_, i) => i % 3 === k).flat();
  const report: RestoreReport = [];
  const matrixOf = (register: string): RiskMatrix =>
    ctx.settings.get(register.toLowerCase())?.matrix ?? fallback.settings.matrix;
  const rows = assembleRows(
    { riskItems, controlItems: byList(0), actionItems: byList(1), snapshotItems: byList(2) },
    {
      period: (register) => openingOf(register).period,
      startMonth: (register) => openingOf(register).settings.financialYearStartMonth,
      matrixOf,
      settingsOf: (register) => openingOf(register).settings,
      cal,
      today,
      report,
    },
  );
  return { rows, issues: report };
}

function fulfilled<T>(s: PromiseSettledResult<Part> | undefined, operation: string): T {
  if (!s) throw new Error(`Internal error: no batch part for '${operation}'.`);
  if (s.status === 'rejected') throw toStorageError(s.reason, { operation });
  return s.value as T;
}

/** The risks after `afterId`, in ID order, with the schema's projection (a `$skiptoken` by ID, no filter). */
function risksAfter(s: SPFI, afterId: number, top: number): Promise<Page> {
  const q = itemsQuery(s, ListTitles.risks, { top });
  return (afterId > 0 ? q.skip(afterId) : q).using(PageParse())() as Promise<Page>;
}

/** Opens the register: the person, the registers and the first rows, in two requests (see above). */
export async function openFirstScreen(
  ctx: StoreContext,
  options: { today: string; rows?: number },
): Promise<FirstScreen> {
  const top = options.rows ?? firstRowCount;
  const needCalendar = !ctx.calendar;
  const reads: ((s: SPFI) => Promise<Part>)[] = [
    (s) => s.web.currentUser.select('Id', 'Title', 'Email', 'LoginName')(),
    (s) => s.web.currentUser.groups.select('Title')(),
    (s) => SPQueryable(s.web, 'EffectiveBasePermissions')(),
    (s) => firstPage(s, ListTitles.settings, { top: pageSize }),
    (s) => risksAfter(s, 0, top),
    (s) => s.web.lists.getByTitle(ListTitles.risks).items.select('Id').orderBy('Id', false).top(1)(),
    ...(needCalendar ? [(s: SPFI) => readSiteTimeZone(s)] : []),
  ];
  let settled: PromiseSettledResult<Part>[];
  try {
    settled = await settleInBatch(ctx.sp, reads);
  } catch (err) {
    throw toStorageError(err, { operation: 'open the risk register' });
  }
  const [me, groups, perms, settingsPage, riskPage, last, tz] = settled;
  const user = fulfilled<SpCurrentUser>(me, 'read who you are on the register site');
  const groupTitles = fulfilled<{ Title: string }[]>(
    groups,
    'read your SharePoint groups on the register site',
  );
  // A host that does not expose effective permissions: toCurrentUser's default applies.
  const permissions = perms?.status === 'fulfilled' ? (perms.value as SpPermissions) : undefined;
  const settings = fulfilled<Page>(settingsPage, 'read the register settings');
  const risks = fulfilled<Page>(riskPage, 'read the first risks');
  const lastItems = fulfilled<{ Id: number }[]>(last, 'read the newest risk');
  const cal = needCalendar
    ? rememberTimeZone(ctx, fulfilled<SpTimeZone>(tz, "read the site's time zone"))
    : (ctx.calendar as SiteCalendar);
  const { restoreSettings } = await settingsRestorer();
  const registers = registersFrom(ctx, await followPages(ctx.sp, settings), options.today, restoreSettings);
  const { rows, issues } = await rowsFor(ctx, risks.value, registers, cal, options.today);
  const lastRead = risks.value[risks.value.length - 1];
  return {
    user: toCurrentUser(
      user,
      groupTitles.map((g) => g.Title),
      permissions,
    ),
    registers,
    rows,
    issues,
    lastRiskId: Number(lastItems[0]?.Id ?? 0),
    ...(risks.nextLink && lastRead ? { nextAfterId: Number(lastRead.Id) } : {}),
  };
}

/**
 * The next rows as the grid scrolls: `count` risks after `afterId` (one request), then their children
 * and snapshots (one `$batch`). Needs the registers from openFirstScreen for periods and matrices.
 */
export async function loadRowsAfter(
  ctx: StoreContext,
  options: { afterId: number; count?: number; today: string; registers: RegisterOpening[] },
): Promise<RowsPage> {
  const count = Math.min(options.count ?? firstRowCount, pageSize);
  let page: Page;
  try {
    page = await risksAfter(ctx.sp, options.afterId, count);
  } catch (err) {
    throw toStorageError(err, { operation: `read the risks after risk ${options.afterId}` });
  }
  const cal = ctx.calendar ?? rememberTimeZone(ctx, await readSiteTimeZone(ctx.sp));
  const { rows, issues } = await rowsFor(ctx, page.value, options.registers, cal, options.today);
  const lastRead = page.value[page.value.length - 1];
  return { rows, issues, ...(page.nextLink && lastRead ? { nextAfterId: Number(lastRead.Id) } : {}) };
}

/** Risks a `loadRowsById` call reads at most: a screenful and its overscan, four parts of 25. */
export const rowsByIdLimit = 100;

/**
 * The rows of exactly these risks, as the grid scrolls to them in any order (sorted and filtered from
 * the compact projection): the risks by `Id eq …` parts of 25 in one `$batch` (an item's ID is
 * always indexed), then their children and snapshots in a second. Ids no longer on the list are left
 * out. At most `rowsByIdLimit` ids a call.
 */
export async function loadRowsById(
  ctx: StoreContext,
  options: { ids: number[]; today: string; registers: RegisterOpening[] },
): Promise<RowsPage> {
  const ids = [...new Set(options.ids)];
  if (ids.length > rowsByIdLimit) {
    throw new RangeError(`At most ${rowsByIdLimit} risks are read by ID at a time (${ids.length} asked).`);
  }
  const reads: ((s: SPFI) => Promise<Page>)[] = [];
  for (let i = 0; i < ids.length; i += idsPerPart) {
    const part = anyOf('Id', ids.slice(i, i + idsPerPart)) as string;
    reads.push((s) => firstPage(s, ListTitles.risks, { filter: part }));
  }
  let pages: Page[];
  try {
    pages = reads.length ? await readInBatch(ctx.sp, reads) : [];
  } catch (err) {
    throw toStorageError(err, {
      operation: `read risks ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? '…' : ''}`,
    });
  }
  const riskItems = pages.flatMap((p) => p.value).sort((a, b) => Number(a.Id) - Number(b.Id));
  const cal = ctx.calendar ?? rememberTimeZone(ctx, await readSiteTimeZone(ctx.sp));
  return rowsFor(ctx, riskItems, options.registers, cal, options.today);
}

/** The risk fields the compact projection carries: what counts and the heat map need, on every tier. */
const summaryFields = {
  status: RISK_FIELDS.status,
  inherent: RISK_FIELDS.inherent,
  current: RISK_FIELDS.current,
  target: RISK_FIELDS.target,
  inherentScoreOnly: RISK_FIELDS.inherentScoreOnly,
  currentScoreOnly: RISK_FIELDS.currentScoreOnly,
  targetScoreOnly: RISK_FIELDS.targetScoreOnly,
  // The grid's appetite column and its "above appetite" filter work before a risk's row is read.
  appetite: RISK_FIELDS.appetite,
} satisfies Partial<FieldCatalogue<RiskFieldName>>;

/** Its columns: the ID, the reference and register, then each field's (a rating is two columns). */
const summarySelect = [
  'Id',
  F.risks.reference,
  F.risks.register,
  ...Object.values(summaryFields).flatMap((spec: FieldSpec) =>
    spec.kind === 'rating' ? [`${spec.column}Likelihood`, `${spec.column}Impact`] : [spec.column as string],
  ),
];

/**
 * Every risk in the compact projection (counts, the heat map): ID windows of 5,000 up to `lastRiskId`,
 * each an unfiltered page by ID (`$skiptoken=Paged=TRUE&p_ID=…`), all in one `$batch`. Each item is
 * restored by the same code as a whole risk (restoreRisk, with these fields only), so a rating off its
 * register's matrix or an unknown status reads the same here as in the grid.
 */
export async function loadRiskSummary(ctx: StoreContext, lastRiskId: number): Promise<RiskSummaryRow[]> {
  const reads: ((s: SPFI) => Promise<Item[]>)[] = [];
  const windows: number[] = [];
  for (let after = 0; after < lastRiskId; after += pageSize) {
    windows.push(after);
    reads.push((s) => {
      const q = s.web.lists
        .getByTitle(ListTitles.risks)
        .items.select(...summarySelect)
        .orderBy('Id', true)
        .top(pageSize);
      // No metadata: an item's odata.type, id, etag and editLink would triple the bytes here.
      return (after > 0 ? q.skip(after) : q).using(
        InjectHeaders({ Accept: 'application/json;odata=nometadata' }),
      )() as Promise<Item[]>;
    });
  }
  let parts: Item[][];
  try {
    parts = await readInBatch(ctx.sp, reads);
  } catch (err) {
    throw toStorageError(err, { operation: 'read the risk counts for the summary and heat map' });
  }
  const cal = ctx.calendar ?? rememberTimeZone(ctx, await readSiteTimeZone(ctx.sp));
  // With deleted ids a window reaches past its 5,000 ids; each keeps only its own range.
  const items = parts.flatMap((part, k) => {
    const after = windows[k] as number;
    return part.filter((i) => Number(i.Id) > after && Number(i.Id) <= after + pageSize);
  });
  // What the restore repairs here is reported with the rows (the grid's restore issues), not twice.
  const report: RestoreReport = [];
  return items.flatMap((item) => {
    const register = String(item[F.risks.register] ?? '').trim();
    const matrix = ctx.settings.get(register.toLowerCase())?.matrix;
    const risk = restoreRisk(item, matrix, report, cal, summaryFields);
    if (!risk) return [];
    // The restore sets only the fields it was given, and leaves out those that are empty.
    const fields = Object.keys(summaryFields).filter((k) => k in risk) as (keyof typeof summaryFields)[];
    const { id, reference, register: name } = risk;
    return [{ id, reference, register: name, ...Object.fromEntries(fields.map((k) => [k, risk[k]])) }];
  }) as RiskSummaryRow[];
}
