/**
 * The register grid's rows: each risk's display values computed once (rating text, band, appetite,
 * last review), then filtered and sorted without touching React so 5,000 rows stay cheap.
 */
import {
  RISK_FIELDS,
  catalogueFacts,
  type FieldCatalogue,
  type RiskFieldName,
} from '../../../domain/field-catalogue';
import type { Direction, RegisterSettings, RiskStatus, TierRatings } from '../../../domain/types';
import type { ReviewState, RiskSummaryRow } from '../../../ports';
import type { RegisterSummary, TabRow } from '../../data/use-register-data';
import { describeRating, type RatingView } from '../../lib/rating';
import type { GridFilters, SortKey } from '../../lib/url-state';

export type GridRow = {
  /**
   * Whether the risk's whole row is read. A risk not read yet (the grid reads rows as it scrolls to
   * them) has only the compact projection's values: reference, register, status, ratings, appetite.
   */
  loaded: boolean;
  id: number;
  register: string;
  status: RiskStatus;
  settings: RegisterSettings;
  ratings: TierRatings;
  directorate: string;
  ownerNames: string[];
  reference: string;
  title: string;
  owners: string;
  current?: RatingView;
  target?: RatingView;
  inherent?: RatingView;
  appetite?: number;
  aboveAppetite: boolean;
  lastReviewed?: string;
  direction: Direction;
  reviewState: ReviewState;
  /** The field catalogue's grid fields as text, by field name. */
  fields: Record<string, string>;
  /** Lower-cased text the search box matches. */
  haystack: string;
};

/**
 * Each row's display values, kept while its TabRow lives: the rows arrive a page at a time and every
 * page's data holds the earlier pages' TabRows, so only the new page is converted.
 */
const converted = new WeakMap<FieldCatalogue<RiskFieldName>, WeakMap<TabRow, GridRow>>();

/** Precomputes the display values of each row (`catalogue`: the product's unless a test extends it). */
export function toGridRows(
  rows: TabRow[],
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): GridRow[] {
  let cache = converted.get(catalogue);
  if (!cache) converted.set(catalogue, (cache = new WeakMap()));
  const known = cache;
  return rows.map((row) => {
    const hit = known.get(row);
    if (hit) return hit;
    const made = toGridRow(row, catalogue);
    known.set(row, made);
    return made;
  });
}

function toGridRow(row: TabRow, catalogue: FieldCatalogue<RiskFieldName>): GridRow {
  const { risk, settings } = row;
  const matrix = settings.matrix;
  const current = describeRating(matrix, risk.current, risk.currentScoreOnly);
  const appetite = risk.appetite ?? settings.defaultAppetite;
  const ownerNames = risk.owners.map((o) => o.name);
  const owners = ownerNames.join(', ');
  const facts = catalogueFacts(risk, catalogue, 'grid');
  return {
    loaded: true,
    id: risk.id,
    register: risk.register,
    status: risk.status,
    settings,
    ratings: risk,
    directorate: risk.directorate,
    ownerNames,
    reference: risk.reference,
    title: risk.title,
    owners,
    current,
    target: describeRating(matrix, risk.target, risk.targetScoreOnly),
    inherent: describeRating(matrix, risk.inherent, risk.inherentScoreOnly),
    appetite,
    aboveAppetite: !!current && appetite !== undefined && current.score > appetite,
    lastReviewed: row.snapshot?.recordedAt ?? row.previous?.recordedAt,
    direction: row.direction,
    reviewState: row.reviewState,
    fields: Object.fromEntries(facts.map((f) => [f.field, f.text])),
    haystack: [
      risk.reference,
      ...risk.aliases,
      risk.title,
      risk.description,
      owners,
      risk.directorate,
      risk.category,
      ...facts.map((f) => f.text),
    ]
      .join(' ')
      .toLowerCase(),
  };
}

/**
 * A risk whose row is not read yet, from the compact projection: what the grid can show, filter and
 * sort by before the rest arrives (see `summaryCovers`).
 */
function toUnreadRow(s: RiskSummaryRow, settings: RegisterSettings): GridRow {
  const matrix = settings.matrix;
  const current = describeRating(matrix, s.current, s.currentScoreOnly);
  const appetite = s.appetite ?? settings.defaultAppetite;
  return {
    loaded: false,
    id: s.id,
    register: s.register,
    status: s.status,
    settings,
    ratings: s,
    directorate: '',
    ownerNames: [],
    reference: s.reference,
    title: '',
    owners: '',
    current,
    target: describeRating(matrix, s.target, s.targetScoreOnly),
    inherent: describeRating(matrix, s.inherent, s.inherentScoreOnly),
    appetite,
    aboveAppetite: !!current && appetite !== undefined && current.score > appetite,
    direction: 'unchanged',
    reviewState: 'not-due',
    fields: {},
    haystack: '',
  };
}

const unread = new WeakMap<RiskSummaryRow, GridRow>();

/**
 * Every risk of the compact projection as a grid row: its whole row where it is read, else what the
 * projection holds. A risk of a register without (valid) settings is left out, as the rows leave it.
 */
export function gridRowsOf(
  summary: RiskSummaryRow[],
  rows: TabRow[],
  registers: RegisterSummary[],
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): GridRow[] {
  const read = new Map(toGridRows(rows, catalogue).map((g) => [g.id, g]));
  const byName = new Map(registers.map((r) => [r.name.toLowerCase(), r.settings]));
  return summary.flatMap((s) => {
    const whole = read.get(s.id);
    if (whole) return [whole];
    const settings = byName.get(s.register.toLowerCase());
    if (!settings) return [];
    let row = unread.get(s);
    if (row?.settings !== settings) unread.set(s, (row = toUnreadRow(s, settings)));
    return [row];
  });
}

/** The sort keys the compact projection can order by; the others need every risk's row. */
const summarySortKeys: ReadonlySet<SortKey> = new Set(['reference', 'current', 'target', 'appetite']);

/**
 * Whether these filters and this order can be applied to risks whose rows are not read yet: only
 * register, status, band, above appetite and heat-map cell filters, by reference, rating or appetite.
 * The others (owner, directorate, review state, search; title, owner, direction, last review, review
 * state) need every risk's row read first.
 */
export function summaryCovers(filters: GridFilters, sort: { key: SortKey }): boolean {
  return (
    !filters.directorate && !filters.owner && !filters.review && !filters.q && summarySortKeys.has(sort.key)
  );
}

function matches(r: GridRow, f: GridFilters): boolean {
  if (f.register && r.register !== f.register) return false;
  if (f.directorate && r.directorate !== f.directorate) return false;
  if (f.owner && !r.ownerNames.includes(f.owner)) return false;
  if (f.band && r.current?.band?.name !== f.band) return false;
  if (f.aboveAppetite && !r.aboveAppetite) return false;
  if (f.review && r.reviewState !== f.review) return false;
  if (f.status === 'open' && r.status !== 'open') return false;
  if (f.status === 'closed' && r.status === 'open') return false;
  if (f.cell) {
    const rating = r.ratings[f.cell.tier];
    if (!rating || rating.likelihood !== f.cell.likelihood || rating.impact !== f.cell.impact) return false;
  }
  if (f.q) {
    const words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.every((w) => r.haystack.includes(w))) return false;
  }
  return true;
}

const directionOrder: Record<Direction, number> = { up: 0, new: 1, unchanged: 2, down: 3, merged: 4 };
const reviewOrder: Record<ReviewState, number> = {
  overdue: 0,
  outstanding: 1,
  changed: 2,
  confirmed: 3,
  'not-reviewed': 4,
  'not-due': 5,
};

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/**
 * A rating's place for sorting: its band first, then its score. Registers score on different matrices
 * (a 4 x 4 High starts at 12, a 5 x 5 Medium reaches 15) and Medway's bands come per cell, not from the
 * score, so the score alone mixes bands. Bands are ranked from each register's most severe (0) down, so
 * every register's top band sorts together; a rating without a band (off the matrix) and no rating sort last.
 */
function ratingOrder(view: RatingView | undefined, r: GridRow): [number, number] {
  if (!view) return [-Infinity, -1];
  const bands = r.settings.matrix.bands;
  const index = view.band ? bands.findIndex((b) => b.id === view.band?.id) : -1;
  const fromTop = index < 0 ? Infinity : bands.length - 1 - index;
  return [-fromTop, view.score];
}

function compareRatings(a: GridRow, b: GridRow, tier: 'current' | 'target'): number {
  const [bandA, scoreA] = ratingOrder(a[tier], a);
  const [bandB, scoreB] = ratingOrder(b[tier], b);
  return bandA === bandB ? scoreA - scoreB : bandA < bandB ? -1 : 1;
}

function compare(a: GridRow, b: GridRow, key: SortKey): number {
  switch (key) {
    case 'reference':
      return collator.compare(a.reference, b.reference);
    case 'title':
      return collator.compare(a.title, b.title);
    case 'owners':
      return collator.compare(a.owners, b.owners);
    case 'current':
      return compareRatings(a, b, 'current');
    case 'target':
      return compareRatings(a, b, 'target');
    case 'appetite':
      return (a.appetite ?? -1) - (b.appetite ?? -1);
    case 'direction':
      return directionOrder[a.direction] - directionOrder[b.direction];
    case 'lastReviewed':
      return (a.lastReviewed ?? '').localeCompare(b.lastReviewed ?? '');
    case 'review':
      return reviewOrder[a.reviewState] - reviewOrder[b.reviewState];
  }
}

/** Rows passing every filter, sorted; ties fall back to the reference so the order is stable. */
export function filterAndSort(
  rows: GridRow[],
  filters: GridFilters,
  sort: { key: SortKey; descending: boolean },
): GridRow[] {
  const out = rows.filter((r) => matches(r, filters));
  const sign = sort.descending ? -1 : 1;
  return out.sort((a, b) => sign * compare(a, b, sort.key) || collator.compare(a.reference, b.reference));
}

/** The values each filter can take, from the loaded rows. */
export function filterOptions(rows: GridRow[]) {
  const uniq = (values: string[]) => [...new Set(values.filter(Boolean))].sort(collator.compare);
  return {
    directorates: uniq(rows.map((r) => r.directorate)),
    owners: uniq(rows.flatMap((r) => r.ownerNames)),
    bands: uniq(rows.map((r) => r.current?.band?.name ?? '')),
  };
}
