/**
 * Index use for list item queries, on SQLite indexes. The first clause of a `$filter`'s top-level
 * `and` chain that an index can answer names the candidate items, and only those are read and
 * evaluated against the whole filter, the way SharePoint narrows by an indexed column before it
 * reads the rest ("Manage large lists and libraries", Learn: the first indexed clause is applied
 * first). Clauses an index answers: `eq` on an indexed text, choice, number, date, person or lookup
 * column (`Owner eq 7`, `RiskId eq 12`), a range (`gt`/`ge`/`lt`/`le`) on an indexed number, date,
 * person or lookup column, any of these on `ID` (the items table's own key), and an `or` of such
 * clauses. Other conjuncts bounding the same column tighten a range (`ID ge 1 and ID lt 500`).
 * Column values are kept in the store's `item_keys` table (store.ts, `indexKey`), keyed the way the
 * evaluator compares, so the candidates are a superset of the matches and the full evaluation after
 * the lookup decides: results are the same as a scan (tests/emulator/index-lookup.test.ts).
 *
 * Candidates come out in ID order a chunk at a time (`candidateIds`), so a page in ID order reads only
 * as far as it needs: the next page starts from the `$skiptoken`'s ID instead of re-reading the list.
 */
import type { FilterExpr, Operand } from './filter-parser';
import type { ColumnRef, ItemContext } from './item-columns';
import { indexKey, keyedColumn, type KeyBounds, type KeyRange, type Store } from './store';

const rangeKinds = new Set(['Number', 'Integer', 'Currency', 'Lookup', 'User', 'DateTime', 'Counter']);

/** One index seek: a column's SQLite index (or `ID`, the items table's key) over a key range. */
export type Seek = { column: string; range: KeyRange };

type Bound = 'eq' | 'gt' | 'ge' | 'lt' | 'le';
const flipped: Record<Bound, Bound> = { eq: 'eq', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

/** The seek answering `column op literal` exactly (or as a superset), or undefined. */
function seekOf(ctx: ItemContext, e: FilterExpr, columns: Map<string, ColumnRef>): Seek | undefined {
  if (e.type !== 'cmp' || e.op === 'ne') return undefined;
  const propLeft = e.left.type === 'prop';
  const [prop, lit] = propLeft ? [e.left, e.right] : [e.right, e.left];
  if (prop.type !== 'prop' || lit.type !== 'lit') return undefined;
  const ref = columns.get(prop.path);
  if (!ref || ref.kind === 'projected' || !ref.field.indexed || ref.field.multi) return undefined;
  const op = propLeft ? (e.op as Bound) : flipped[e.op as Bound];
  const field = ref.field;
  const isId = field.internalName === 'ID';
  if (!isId && !keyedColumn(field)) return undefined;
  const key = literalKey(ref.kind === 'ids' ? 'Lookup' : field.kind, lit);
  if (key === undefined) return undefined;
  if (op !== 'eq' && (typeof key !== 'number' || !rangeKinds.has(field.kind))) return undefined;
  if (!isId) ensureIndexed(ctx.store, ctx.list.id, ref);
  const column = isId ? 'ID' : field.internalName;
  if (op === 'eq') return { column, range: { eq: [key] } };
  if (op === 'gt' || op === 'ge') return { column, range: { lo: key as number, loInclusive: op === 'ge' } };
  return { column, range: { hi: key as number, hiInclusive: op === 'le' } };
}

function ensureIndexed(store: Store, listId: string, ref: ColumnRef): void {
  store.ensureKeys(listId, ref.field);
}

/**
 * The index key of a literal compared with a column of `kind`, when the filter evaluator compares
 * them the way the index keys them: text and choice with a non-empty string, numbers, ids and the
 * ID with a number, dates with a datetime literal or a date string. Anything else is not looked up.
 */
function literalKey(kind: string, lit: Operand & { type: 'lit' }): string | number | undefined {
  const v = lit.value;
  if (kind === 'Text' || kind === 'Choice')
    return typeof v === 'string' && v !== '' ? v.toLowerCase() : undefined;
  if (kind === 'DateTime') {
    if (typeof v !== 'string') return undefined;
    return indexKey('DateTime', v) ?? undefined;
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Seeks whose union holds every item the clause can match; undefined when no index answers it. */
function seeksOf(ctx: ItemContext, e: FilterExpr, columns: Map<string, ColumnRef>): Seek[] | undefined {
  if (e.type === 'or') {
    const left = seeksOf(ctx, e.left, columns);
    const right = left && seeksOf(ctx, e.right, columns);
    return left && right ? [...left, ...right] : undefined;
  }
  const seek = seekOf(ctx, e, columns);
  return seek ? [seek] : undefined;
}

export function conjuncts(e: FilterExpr): FilterExpr[] {
  return e.type === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** A range tightened by another bound on the same column (both must hold). */
function tighten(a: KeyBounds, b: KeyRange): KeyBounds {
  if ('eq' in b) return a;
  const out = { ...a };
  if (b.lo !== undefined && (out.lo === undefined || b.lo > out.lo || (b.lo === out.lo && !b.loInclusive)))
    Object.assign(out, { lo: b.lo, loInclusive: b.loInclusive });
  if (b.hi !== undefined && (out.hi === undefined || b.hi < out.hi || (b.hi === out.hi && !b.hiInclusive)))
    Object.assign(out, { hi: b.hi, hiInclusive: b.hiInclusive });
  return out;
}

/**
 * How a filter narrows: the seeks of its first clause an index answers (a lone range tightened by the
 * other conjuncts on its column), or undefined when none does and every item is a candidate.
 */
export function narrowing(
  ctx: ItemContext,
  filter: FilterExpr | undefined,
  columns: Map<string, ColumnRef>,
): Seek[] | undefined {
  const clauses = filter ? conjuncts(filter) : [];
  for (const [i, clause] of clauses.entries()) {
    const seeks = seeksOf(ctx, clause, columns);
    if (!seeks) continue;
    const only = seeks.length === 1 ? seeks[0] : undefined;
    if (only && !('eq' in only.range)) {
      let range: KeyBounds = only.range;
      for (const other of clauses.slice(i + 1)) {
        const s = seekOf(ctx, other, columns);
        if (s && s.column === only.column) range = tighten(range, s.range);
      }
      return [{ column: only.column, range }];
    }
    return seeks;
  }
  return undefined;
}

function seekChunk(
  ctx: ItemContext,
  s: Seek | undefined,
  afterId: number,
  limit: number,
  desc: boolean,
): number[] {
  const listId = ctx.list.id;
  if (!s) return ctx.store.seekItemIds(listId, {}, afterId, limit, desc);
  if (s.column === 'ID') {
    const r = s.range;
    const bounds = 'eq' in r ? { eq: r.eq.filter((v) => typeof v === 'number') } : r;
    return ctx.store.seekItemIds(listId, bounds, afterId, limit, desc);
  }
  return ctx.store.seekIds(listId, s.column, s.range, afterId, limit, desc);
}

/**
 * Candidate item ids after `afterId` in ID order (ascending, or descending with `desc`, where 0 starts
 * from the newest), read from SQLite `chunk` at a time: the union of the seeks, or every item when
 * `seeks` is undefined. Stop iterating once a page is full.
 */
export function* candidateIds(
  ctx: ItemContext,
  seeks: Seek[] | undefined,
  afterId = 0,
  chunk = 512,
  desc = false,
): Generator<number> {
  const sources: (Seek | undefined)[] = seeks ?? [undefined];
  // Ascending: ids up to `safe` are complete in a round (every source that filled its chunk stopped
  // at or beyond it); descending, ids down to it.
  const before = (a: number, b: number) => (desc ? a > b : a < b);
  let cursor = afterId;
  for (;;) {
    const ids = new Set<number>();
    let safe: number | undefined;
    for (const s of sources) {
      const got = seekChunk(ctx, s, cursor, chunk, desc);
      for (const id of got) ids.add(id);
      const last = got[got.length - 1];
      if (got.length === chunk && last !== undefined && (safe === undefined || before(last, safe)))
        safe = last;
    }
    const ordered = [...ids]
      .filter((id) => safe === undefined || !before(safe, id))
      .sort((a, b) => (desc ? b - a : a - b));
    for (const id of ordered) yield id;
    if (safe === undefined) return;
    cursor = safe;
  }
}
