/**
 * Index use for list item queries: the first clause of a `$filter`'s top-level `and` chain that an
 * index can answer (an `eq` on an indexed column, or an `or` of such `eq`s) names the candidate
 * items, and only those are evaluated against the whole filter, the way SharePoint narrows by an
 * indexed column before it reads the rest ("Manage large lists and libraries", Learn: the first
 * indexed clause is applied first). Without such a clause every item is read. The candidates are a
 * superset of the matches: a clause is used only where the index key and the filter's `eq` agree
 * (text and choice compare case-insensitively, numbers and single lookups by value), so the full
 * evaluation after it decides, and results are the same as a scan.
 */
import type { FilterExpr, Operand } from './filter-parser';
import type { ColumnRef, ItemContext } from './item-columns';
import type { ItemRow } from './store';

const textKinds = new Set(['Text', 'Choice']);
const numberKinds = new Set(['Number', 'Integer', 'Currency']);
/** Columns whose value is not in `item.values` (read from the row itself): not in the value index. */
const rowColumns = new Set(['ID', 'Created', 'Modified', 'Author', 'Editor']);

type Lookup = { column: string; key: string };

/** The index key of `field eq literal`, when the value index can answer it exactly. */
function keyFor(ref: ColumnRef | undefined, lit: Operand): string | undefined {
  if (!ref || ref.kind === 'projected' || !ref.field.indexed || ref.field.multi) return undefined;
  if (rowColumns.has(ref.field.internalName) || lit.type !== 'lit') return undefined;
  if (
    ref.kind === 'ids' ||
    numberKinds.has(ref.field.kind) ||
    ref.field.kind === 'Lookup' ||
    ref.field.kind === 'User'
  )
    return typeof lit.value === 'number' && Number.isFinite(lit.value)
      ? JSON.stringify(lit.value)
      : undefined;
  if (textKinds.has(ref.field.kind))
    return typeof lit.value === 'string' && lit.value !== '' ? lit.value.toLowerCase() : undefined;
  return undefined;
}

/** The lookups that together name every item a clause can match; undefined when no index answers it. */
function lookupsOf(e: FilterExpr, columns: Map<string, ColumnRef>): Lookup[] | undefined {
  if (e.type === 'or') {
    const left = lookupsOf(e.left, columns);
    const right = left && lookupsOf(e.right, columns);
    return left && right ? [...left, ...right] : undefined;
  }
  if (e.type !== 'cmp' || e.op !== 'eq') return undefined;
  const [prop, lit] = e.left.type === 'prop' ? [e.left, e.right] : [e.right, e.left];
  if (prop.type !== 'prop') return undefined;
  const ref = columns.get(prop.path);
  const key = keyFor(ref, lit);
  return ref && key !== undefined ? [{ column: ref.field.internalName, key }] : undefined;
}

function conjuncts(e: FilterExpr): FilterExpr[] {
  return e.type === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/**
 * The items a filter can match, in ID order: through the first indexed clause when there is one,
 * otherwise every item of the list. `indexed` says which (for the bench and tests).
 */
export function candidateItems(
  ctx: ItemContext,
  filter: FilterExpr | undefined,
  columns: Map<string, ColumnRef>,
): { items: ItemRow[]; indexed: boolean } {
  const all = ctx.store.items(ctx.list.id);
  for (const clause of filter ? conjuncts(filter) : []) {
    const lookups = lookupsOf(clause, columns);
    if (!lookups) continue;
    const ids = new Set<number>();
    for (const l of lookups)
      for (const id of ctx.store.itemsWithValue(ctx.list.id, l.column, l.key)) ids.add(id);
    const items: ItemRow[] = [];
    for (const id of [...ids].sort((a, b) => a - b)) {
      const item = all.get(id);
      if (item) items.push(item);
    }
    return { items, indexed: true };
  }
  return { items: [...all.values()], indexed: false };
}
