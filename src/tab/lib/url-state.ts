/**
 * The tab's navigation and filter state, kept in the URL's query string so a filtered register or
 * an open risk can be bookmarked, shared in a Teams chat and restored with the Back button.
 */
import type { ReviewState } from '../../ports';

export type ViewName = 'register' | 'heatmap' | 'summary' | 'reviews' | 'settings' | 'import';
export type Tier = 'current' | 'inherent' | 'target';
export type StatusFilter = 'open' | 'closed' | 'all';
export type SortKey =
  | 'reference'
  | 'title'
  | 'owners'
  | 'current'
  | 'target'
  | 'direction'
  | 'appetite'
  | 'lastReviewed'
  | 'review';

export type GridFilters = {
  register?: string;
  directorate?: string;
  owner?: string;
  band?: string;
  aboveAppetite?: boolean;
  review?: ReviewState;
  status: StatusFilter;
  q?: string;
  /** A heat-map cell: only risks rated `likelihood` x `impact` on `tier`. */
  cell?: { tier: Tier; likelihood: number; impact: number };
};

export type TabLocation = {
  view: ViewName;
  filters: GridFilters;
  sort: { key: SortKey; descending: boolean };
  /** Heat map tier. */
  tier: Tier;
  /** Open risk detail (item id). */
  risk?: number;
  /** Editing: a risk id, or `new`. */
  edit?: number | 'new';
  /** Review status of the signed-in person's own risks only (the personal tab opens `mine=1`). */
  mine?: boolean;
};

const views: ViewName[] = ['register', 'heatmap', 'summary', 'reviews', 'settings', 'import'];
const tiers: Tier[] = ['current', 'inherent', 'target'];
const sortKeys: SortKey[] = [
  'reference',
  'title',
  'owners',
  'current',
  'target',
  'direction',
  'appetite',
  'lastReviewed',
  'review',
];
const reviewStates: ReviewState[] = [
  'confirmed',
  'changed',
  'outstanding',
  'overdue',
  'not-reviewed',
  'not-due',
];

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function positiveInt(value: string | null): number | undefined {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Reads the tab's state from a query string; anything unreadable falls back to the default. */
export function parseLocation(search: string): TabLocation {
  const p = new URLSearchParams(search);
  const cellMatch = /^(current|inherent|target):(\d+)x(\d+)$/.exec(p.get('cell') ?? '');
  const filters: GridFilters = {
    status: oneOf(p.get('status'), ['open', 'closed', 'all'] as const) ?? 'open',
  };
  for (const key of ['register', 'directorate', 'owner', 'band', 'q'] as const) {
    const v = p.get(key);
    if (v) filters[key] = v;
  }
  if (p.get('above') === '1') filters.aboveAppetite = true;
  const review = oneOf(p.get('review'), reviewStates);
  if (review) filters.review = review;
  if (cellMatch) {
    filters.cell = {
      tier: cellMatch[1] as Tier,
      likelihood: Number(cellMatch[2]),
      impact: Number(cellMatch[3]),
    };
  }
  const edit = p.get('edit');
  const mine = p.get('mine') === '1' ? { mine: true } : {};
  return {
    ...mine,
    view: oneOf(p.get('view'), views) ?? 'register',
    filters,
    sort: { key: oneOf(p.get('sort'), sortKeys) ?? 'reference', descending: p.get('desc') === '1' },
    tier: oneOf(p.get('tier'), tiers) ?? 'current',
    risk: positiveInt(p.get('risk')),
    edit: edit === 'new' ? 'new' : positiveInt(edit),
  };
}

/** The query parameters the tab owns; every other one belongs to the page that hosts it. */
export const locationKeys = [
  'view',
  'register',
  'directorate',
  'owner',
  'band',
  'q',
  'above',
  'review',
  'status',
  'cell',
  'sort',
  'desc',
  'tier',
  'risk',
  'edit',
  'mine',
] as const;

/**
 * Writes the state back as a query string (defaults omitted, so URLs stay short). `pageSearch` is
 * the page's current query string: its parameters that are not the tab's are kept, in their order,
 * so a SharePoint page's `?Mode=Edit` or another web part's state survives navigation in the register.
 */
export function serialiseLocation(loc: TabLocation, pageSearch = ''): string {
  const p = new URLSearchParams(pageSearch);
  for (const key of locationKeys) p.delete(key);
  if (loc.view !== 'register') p.set('view', loc.view);
  const f = loc.filters;
  for (const key of ['register', 'directorate', 'owner', 'band', 'q'] as const) {
    const v = f[key];
    if (v) p.set(key, v);
  }
  if (f.aboveAppetite) p.set('above', '1');
  if (f.review) p.set('review', f.review);
  if (f.status !== 'open') p.set('status', f.status);
  if (f.cell) p.set('cell', `${f.cell.tier}:${f.cell.likelihood}x${f.cell.impact}`);
  if (loc.sort.key !== 'reference') p.set('sort', loc.sort.key);
  if (loc.sort.descending) p.set('desc', '1');
  if (loc.tier !== 'current') p.set('tier', loc.tier);
  if (loc.risk !== undefined) p.set('risk', String(loc.risk));
  if (loc.edit !== undefined) p.set('edit', String(loc.edit));
  if (loc.mine) p.set('mine', '1');
  const s = p.toString();
  return s ? `?${s}` : '';
}
