/**
 * Reading list items the way SharePoint wants large lists read: explicit `$select`/`$expand` built
 * from the schema (minimal metadata, so `odata.etag` comes back), filters on indexed columns only,
 * `$top=5000` pages followed through `odata.nextLink` (never `$skip`), and first pages that can be
 * queued inside a `$batch`.
 */
import { parseBinderWithErrorCheck, parseODataJSON } from '@pnp/queryable';
import { SPCollection, type SPFI } from '@pnp/sp';
import type { IItems } from '@pnp/sp/items';
import { idField, listSpec } from './schema';
import type { Item } from './restore';

/** SharePoint's largest page; also the list view threshold, which indexed filters keep us under. */
export const pageSize = 5000;

export type Page = { value: Item[]; nextLink?: string };

/** Parser that keeps `odata.nextLink` (PnPjs's default parser drops it). */
export function PageParse() {
  return parseBinderWithErrorCheck(async (r: Response): Promise<Page> => {
    const json = (await r.json()) as Record<string, unknown>;
    const d = json.d as Record<string, unknown> | undefined;
    const next = (d?.__next ?? json['odata.nextLink']) as string | undefined;
    const value = parseODataJSON(json) as Item[];
    return next ? { value, nextLink: next } : { value };
  });
}

/** `$select` and `$expand` for every schema column of a list: people expanded with Id/Title/EMail/JobTitle. */
export function selectFor(listTitle: string): { select: string[]; expand: string[] } {
  const select = ['Id', 'Modified'];
  const expand: string[] = [];
  for (const f of listSpec(listTitle).fields) {
    if (f.kind === 'User' || f.kind === 'UserMulti') {
      // JobTitle comes from the site's user profile (the User Information List), when synced.
      select.push(`${f.name}/Id`, `${f.name}/Title`, `${f.name}/EMail`, `${f.name}/JobTitle`);
      expand.push(f.name);
    } else if (f.kind === 'Lookup') {
      select.push(idField(f.name));
      if (f.projected?.length) {
        select.push(...f.projected.map((p) => `${f.name}/${p}`));
        expand.push(f.name);
      }
    } else {
      select.push(f.name);
    }
  }
  select.push('Title');
  return { select: [...new Set(select)], expand };
}

export type Query = {
  /** OData filter on indexed columns only (the caller's responsibility; see schema indexes). */
  filter?: string;
  orderBy?: { column: string; ascending?: boolean };
  top?: number;
};

/** The items collection of a list with the schema's projection and the query applied. */
export function itemsQuery(sp: SPFI, listTitle: string, q: Query = {}): IItems {
  const { select, expand } = selectFor(listTitle);
  let items = sp.web.lists.getByTitle(listTitle).items.select(...select);
  if (expand.length) items = items.expand(...expand);
  if (q.filter) items = items.filter(q.filter);
  // Id is always indexed: ordering by it keeps paging stable and threshold-safe.
  const order = q.orderBy ?? { column: 'Id', ascending: true };
  items = items.orderBy(order.column, order.ascending ?? true);
  return items.top(q.top ?? pageSize);
}

/** Queues (or sends) the first page of a query. */
export function firstPage(sp: SPFI, listTitle: string, q: Query = {}): Promise<Page> {
  return itemsQuery(sp, listTitle, q).using(PageParse())() as Promise<Page>;
}

/** Follows `odata.nextLink` from a first page until the last page; returns every item. */
export async function followPages(sp: SPFI, first: Page): Promise<Item[]> {
  const out = [...first.value];
  let next = first.nextLink;
  while (next) {
    const page = (await SPCollection([sp.web, next]).using(PageParse())()) as Page;
    out.push(...page.value);
    next = page.nextLink;
  }
  return out;
}

/** Reads every item matching the query, page by page. */
export async function readAll(sp: SPFI, listTitle: string, q: Query = {}): Promise<Item[]> {
  return followPages(sp, await firstPage(sp, listTitle, q));
}

/** One item by id with the schema's projection. */
export async function readItem(sp: SPFI, listTitle: string, id: number): Promise<Item> {
  const { select, expand } = selectFor(listTitle);
  let item = sp.web.lists
    .getByTitle(listTitle)
    .items.getById(id)
    .select(...select);
  if (expand.length) item = item.expand(...expand);
  return (await item()) as Item;
}

/** Quotes a string for an OData filter literal. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `col eq 'a' or col eq 'b'` for a short list of values (empty -> undefined). */
export function anyOf(column: string, values: (string | number)[]): string | undefined {
  if (values.length === 0) return undefined;
  const parts = values.map((v) => `${column} eq ${typeof v === 'number' ? v : odataString(v)}`);
  return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
}
