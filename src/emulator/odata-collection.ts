/**
 * `$select`, `$filter`, `$orderby` and `$top` over plain entity JSON (lists, fields, users):
 * the collections that are not list items and have no threshold or paging.
 */
import { badRequest, SpCodes } from './errors';
import { compareForSort, evaluate } from './filter-eval';
import { parseFilter } from './filter-parser';

type Json = Record<string, unknown>;

function valueOf(entity: Json, path: string, typeName: string): unknown {
  if (path in entity) return entity[path];
  const key = Object.keys(entity).find((k) => k.toLowerCase() === path.toLowerCase());
  if (key) return entity[key];
  throw badRequest(`The property '${path}' does not exist on type '${typeName}'.`, SpCodes.invalidQuery);
}

/** Keeps only the `$select`ed properties (and the odata annotations) of one entity. */
export function selectProps(entity: Json, select: string | null, typeName: string): Json {
  const names = (select ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0 || names.includes('*')) return entity;
  const out: Json = Object.fromEntries(Object.entries(entity).filter(([k]) => k.startsWith('odata.')));
  for (const name of names) out[name] = valueOf(entity, name, typeName);
  return out;
}

/** Applies `$filter`, `$orderby`, `$top` and `$select` to a collection of entities. */
export function queryEntities(entities: Json[], query: URLSearchParams, typeName: string): Json[] {
  let rows = entities;
  const filterText = query.get('$filter');
  if (filterText && filterText.trim()) {
    const filter = parseFilter(filterText);
    rows = rows.filter((e) =>
      evaluate(filter, (path) => {
        const value = valueOf(e, path, typeName);
        return {
          value,
          kind: typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? 'DateTime' : undefined,
        };
      }),
    );
  }
  const order = query.get('$orderby');
  if (order && order.trim()) {
    const keys = order.split(',').map((part) => {
      const [path = '', dir = 'asc'] = part.trim().split(/\s+/);
      return { path, desc: dir.toLowerCase() === 'desc' };
    });
    rows = [...rows].sort((a, b) => {
      for (const k of keys) {
        const c = compareForSort(valueOf(a, k.path, typeName), valueOf(b, k.path, typeName), undefined);
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    });
  }
  const top = query.get('$top');
  if (top !== null) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 0)
      throw badRequest(`$top=${top} is not valid: use a whole number.`, SpCodes.invalidQuery);
    rows = rows.slice(0, n);
  }
  return rows.map((e) => selectProps(e, query.get('$select'), typeName));
}
