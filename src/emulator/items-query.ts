/**
 * The items collection query: `$filter`, `$orderby`, `$top`, `$skiptoken` paging with an absolute
 * `odata.nextLink`, and the list view threshold check SharePoint applies before running it.
 */
import { badRequest, SpCodes, SpError } from './errors';
import { compareForSort, evaluate } from './filter-eval';
import { candidateIds, conjuncts, narrowing } from './index-lookup';
import { filterPaths, parseFilter, type FilterExpr } from './filter-parser';
import { indexedFor, readColumn, resolveColumn, type ColumnRef, type ItemContext } from './item-columns';
import type { ItemRow } from './store';

/** SharePoint's page size without `$top`, and the most one page may hold. */
export const defaultPageSize = 100;
export const maxPageSize = 5000;

type OrderKey = { path: string; ref: ColumnRef; desc: boolean };

export type ItemQuery = {
  filter?: FilterExpr;
  /** Column of every path the filter reads, resolved once. */
  filterColumns: Map<string, ColumnRef>;
  order: OrderKey[];
  top: number;
  skipToken?: URLSearchParams;
};

export type ItemPage = { items: ItemRow[]; nextSkipToken?: string };

function parseOrder(ctx: ItemContext, value: string | null, expands: Set<string>): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const part of (value ?? '').split(',')) {
    const m = /^\s*(\S+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!part.trim()) continue;
    if (!m)
      throw badRequest(
        `$orderby part '${part.trim()}' is not valid: use 'Field asc' or 'Field desc'.`,
        SpCodes.invalidQuery,
      );
    const path = m[1] as string;
    keys.push({ path, ref: resolveColumn(ctx, path, expands), desc: (m[2] ?? '').toLowerCase() === 'desc' });
  }
  if (!keys.some((k) => k.ref.kind === 'value' && k.ref.field.internalName === 'ID')) {
    // SharePoint breaks ties (and pages) by ID ascending.
    keys.push({ path: 'ID', ref: resolveColumn(ctx, 'ID', expands), desc: false });
  }
  return keys;
}

function parseTop(value: string | null): number {
  if (value === null) return defaultPageSize;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw badRequest(`$top=${value} is not valid: use a whole number.`, SpCodes.invalidQuery);
  return Math.min(n, maxPageSize);
}

/** Parses the query options of an items request. */
export function parseItemQuery(ctx: ItemContext, query: URLSearchParams, expands: Set<string>): ItemQuery {
  const filterText = query.get('$filter');
  const filter = filterText && filterText.trim() ? parseFilter(filterText) : undefined;
  // Resolve every column up front so an unknown one fails even on an empty list.
  const filterColumns = new Map<string, ColumnRef>();
  for (const p of filter ? filterPaths(filter) : [])
    filterColumns.set(p.path, resolveColumn(ctx, p.path, expands));
  const token = query.get('$skiptoken');
  return {
    filter,
    filterColumns,
    order: parseOrder(ctx, query.get('$orderby'), expands),
    top: parseTop(query.get('$top')),
    ...(token ? { skipToken: new URLSearchParams(token) } : {}),
  };
}

function thresholdError(ctx: ItemContext, count: number, threshold: number, detail: string): SpError {
  // SPQueryThrottledException, HTTP 500, with SharePoint's message (Learn: SPQueryThrottledException,
  // "The exception that is thrown when the attempted operation exceeds the list view threshold").
  return new SpError(
    500,
    SpCodes.throttled,
    'The attempted operation is prohibited because it exceeds the list view threshold. ' +
      `(list '${ctx.list.title}' has ${count} items, more than ${threshold}; ${detail})`,
  );
}

/**
 * Fails as SharePoint does on a list over the list view threshold ("Manage large lists and
 * libraries", Learn): every `$orderby` column must be indexed, and a `$filter` must start its
 * narrowing with an indexed clause. SharePoint evaluates the first clause of the top-level `and`
 * chain whose columns are all indexed; when no clause is indexed, or that clause alone still
 * matches more items than the threshold, the query is refused with SPQueryThrottledException even
 * if later clauses would narrow it further. Later clauses then run on the narrowed set and need
 * no index. A query without `$filter` is allowed: it pages by ID.
 */
export function checkThreshold(ctx: ItemContext, q: ItemQuery, threshold: number): void {
  const count = ctx.store.items(ctx.list.id).size;
  if (count <= threshold) return;
  const unsorted = q.order.find((k) => !indexedFor(k.ref));
  if (unsorted) {
    throw thresholdError(
      ctx,
      count,
      threshold,
      `column '${unsorted.path}' is not indexed. Sort on indexed columns only.`,
    );
  }
  const filter = q.filter;
  if (!filter) return;
  const clauses = conjuncts(filter);
  const indexed = clauses.find((c) =>
    filterPaths(c).every((p) => indexedFor(q.filterColumns.get(p.path) as ColumnRef)),
  );
  if (!indexed) {
    const first = filterPaths(filter).find((p) => !indexedFor(q.filterColumns.get(p.path) as ColumnRef));
    throw thresholdError(
      ctx,
      count,
      threshold,
      `column '${first?.path ?? ''}' is not indexed. Filter first on an indexed column.`,
    );
  }
  // Counted through the clause's own index, stopping as soon as the count is over the threshold.
  let matches = 0;
  const items = ctx.store.items(ctx.list.id);
  for (const id of candidateIds(ctx, narrowing(ctx, indexed, q.filterColumns))) {
    const item = items.get(id);
    if (!item) continue;
    if (evaluate(indexed, (path) => readColumn(ctx, item, q.filterColumns.get(path) as ColumnRef))) matches++;
    if (matches > threshold) break;
  }
  if (matches > threshold) {
    const paths = [...new Set(filterPaths(indexed).map((p) => p.path))].join(', ');
    throw thresholdError(
      ctx,
      count,
      threshold,
      `the first indexed clause (on ${paths}) still matches more than ${threshold} items. ` +
        'Put an indexed clause that matches at most the threshold first.',
    );
  }
}

function tokenValue(raw: string | null, kind: string | undefined): unknown {
  if (raw === null || raw === '') return null;
  if (kind === 'Number' || kind === 'Counter' || kind === 'Currency' || kind === 'Integer')
    return Number(raw);
  if (kind === 'Boolean') return raw === '1' || raw === 'True';
  return raw;
}

function tokenText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  return Array.isArray(v) ? String(v[0] ?? '') : String(v);
}

function keyName(k: OrderKey): string {
  return k.ref.kind === 'value' && k.ref.field.internalName === 'ID' ? 'ID' : k.path;
}

type Keyed = { item: ItemRow; values: unknown[] };

/** Compares two order-key tuples by the query's `$orderby` (ID ascending last). */
function tupleComparer(order: OrderKey[]): (a: unknown[], b: unknown[]) => number {
  const kinds = order.map(readKind);
  return (a, b) => {
    for (let i = 0; i < order.length; i++) {
      const c = compareForSort(a[i], b[i], kinds[i]);
      if (c !== 0) return (order[i] as OrderKey).desc ? -c : c;
    }
    return 0;
  };
}

/** Where a `$skiptoken` puts the page: [start, end) in the sorted rows. */
function pageBounds(
  keyed: Keyed[],
  q: ItemQuery,
  cmp: (a: unknown[], b: unknown[]) => number,
): [number, number] {
  const token = q.skipToken;
  if (!token) return [0, q.top];
  const hasAll = q.order.every((k) => token.has(`p_${keyName(k)}`));
  const tuple = q.order.map((k) => tokenValue(token.get(`p_${keyName(k)}`), readKind(k)));
  const afterId = Number(token.get('p_ID') ?? '0');
  // With every order key in the token, position by the full key; with only p_ID (items.skip(n)), by id.
  const position = (e: Keyed): number => (hasAll ? cmp(e.values, tuple) : Math.sign(e.item.id - afterId));
  const firstIndex = (pred: (e: Keyed) => boolean): number => {
    const i = keyed.findIndex(pred);
    return i < 0 ? keyed.length : i;
  };
  if (token.get('PagedPrev') === 'TRUE') {
    // The page before the token's position (SharePoint's "previous page" links).
    const end = firstIndex((e) => position(e) >= 0);
    return [Math.max(0, end - q.top), end];
  }
  const start = firstIndex((e) => position(e) > 0);
  return [start, start + q.top];
}

/** Whether an item passes the caller's visibility and the whole filter. */
function matcher(ctx: ItemContext, q: ItemQuery): (item: ItemRow) => boolean {
  const visible = ctx.visible ?? (() => true);
  const filter = q.filter;
  if (!filter) return visible;
  return (item) =>
    visible(item) &&
    evaluate(filter, (path) => readColumn(ctx, item, q.filterColumns.get(path) as ColumnRef));
}

/**
 * A page in ID order, read from the index as far as the page needs: candidates after the token's ID,
 * a chunk at a time, until `top` matches and one more (which says there is a next page).
 */
function pageInIdOrder(ctx: ItemContext, q: ItemQuery, desc: boolean): ItemPage {
  const items = ctx.store.items(ctx.list.id);
  const matches = matcher(ctx, q);
  const afterId = Number(q.skipToken?.get('p_ID') ?? '0') || 0;
  const page: ItemRow[] = [];
  let more = false;
  const chunk = Math.min(5001, Math.max(64, q.top + 1));
  for (const id of candidateIds(ctx, narrowing(ctx, q.filter, q.filterColumns), afterId, chunk, desc)) {
    const item = items.get(id);
    if (!item || !matches(item)) continue;
    if (page.length === q.top) {
      more = true;
      break;
    }
    page.push(item);
  }
  const last = page[page.length - 1];
  if (!more || !last) return { items: page };
  return {
    items: page,
    nextSkipToken: new URLSearchParams({ Paged: 'TRUE', p_ID: String(last.id) }).toString(),
  };
}

/** Runs the query over a list's items and returns one page. */
export function runItemQuery(ctx: ItemContext, q: ItemQuery): ItemPage {
  const idOrder = q.order.length === 1 && keyName(q.order[0] as OrderKey) === 'ID';
  const byIdOnly = idOrder && !q.order[0]?.desc;
  if (idOrder && q.skipToken?.get('PagedPrev') !== 'TRUE') return pageInIdOrder(ctx, q, !byIdOnly);
  // Other orders: the candidates (narrowed by the first indexed clause when there is one), sorted.
  const items = ctx.store.items(ctx.list.id);
  const matches = matcher(ctx, q);
  const matched: ItemRow[] = [];
  for (const id of candidateIds(ctx, narrowing(ctx, q.filter, q.filterColumns), 0, 5000)) {
    const item = items.get(id);
    if (item && matches(item)) matched.push(item);
  }
  const keyed: Keyed[] = matched.map((item) => ({
    item,
    values: q.order.map((k) => readColumn(ctx, item, k.ref).value),
  }));
  const cmp = tupleComparer(q.order);
  // Candidates come in ID order, so a query ordered by ID alone needs no sort.
  if (!byIdOnly) keyed.sort((a, b) => cmp(a.values, b.values));
  const [start, stop] = pageBounds(keyed, q, cmp);
  const page = keyed.slice(start, stop);
  const last = page[page.length - 1];
  if (!last || stop >= keyed.length) return { items: page.map((e) => e.item) };
  const next = new URLSearchParams({ Paged: 'TRUE' });
  q.order.forEach((k, i) => next.set(`p_${keyName(k)}`, tokenText(last.values[i])));
  return { items: page.map((e) => e.item), nextSkipToken: next.toString() };
}

function readKind(k: OrderKey): string | undefined {
  if (k.ref.kind === 'value')
    return k.ref.field.kind === 'User' || k.ref.field.kind === 'Lookup' ? 'Number' : k.ref.field.kind;
  if (k.ref.kind === 'ids') return 'Number';
  return undefined;
}
