/**
 * How a list item's columns are addressed in `$select`, `$filter`, `$orderby` and `$expand`:
 * `Title`, `Id`/`ID`, `OwnerId` (the id(s) behind a person or lookup column), `Owner/Id`, and
 * projected fields of an expanded person or lookup such as `Owner/Title` or `Owner/EMail`.
 */
import { badRequest, SpCodes } from './errors';
import type { FieldDef } from './fields';
import type { Resolved } from './filter-eval';
import type { RegionalSettings } from './regional-settings';
import type { ItemRow, ListRow, Store } from './store';

export type ItemContext = {
  store: Store;
  list: ListRow;
  fields: FieldDef[];
  base: string;
  /** The site's time zone: date-only values are local midnight in it. */
  regional: RegionalSettings;
  /** Which items the caller may see; queries skip the others (absent: all). */
  visible?: (item: ItemRow) => boolean;
};

/** A resolved column reference; `sub` is the projected field of an expanded person/lookup. */
export type ColumnRef =
  | { kind: 'value'; field: FieldDef }
  | { kind: 'ids'; field: FieldDef }
  | { kind: 'projected'; field: FieldDef; sub: string };

function columnMissing(name: string): Error {
  return badRequest(
    `Column '${name}' does not exist. It may have been deleted by another user.`,
    SpCodes.columnMissing,
  );
}

/** The field with this internal name (case-insensitive), if any. */
export function findField(fields: FieldDef[], name: string): FieldDef | undefined {
  return (
    fields.find((f) => f.internalName === name) ??
    fields.find((f) => f.internalName.toLowerCase() === name.toLowerCase())
  );
}

function isRelation(f: FieldDef): boolean {
  return f.kind === 'User' || f.kind === 'Lookup';
}

/**
 * Resolves a column path. Projected fields other than Id need the column in `$expand`, as in
 * SharePoint; `expands` holds the expanded column names (lower case).
 */
export function resolveColumn(ctx: ItemContext, path: string, expands: Set<string>): ColumnRef {
  const slash = path.indexOf('/');
  if (slash >= 0) {
    const root = path.slice(0, slash);
    const sub = path.slice(slash + 1);
    const field = findField(ctx.fields, root);
    if (!field) throw columnMissing(root);
    if (!isRelation(field)) {
      throw badRequest(
        `The field '${root}' is not a person or lookup column, so '${path}' cannot be used.`,
        SpCodes.invalidQuery,
      );
    }
    if (/^id$/i.test(sub)) return { kind: 'ids', field };
    if (!expands.has(field.internalName.toLowerCase())) {
      throw badRequest(
        `The query to field '${path}' is not valid. The $expand query string must contain ${field.internalName}.`,
        SpCodes.invalidQuery,
      );
    }
    return { kind: 'projected', field, sub };
  }
  if (/^id$/i.test(path)) return { kind: 'value', field: findField(ctx.fields, 'ID') as FieldDef };
  const direct = findField(ctx.fields, path);
  if (direct) return { kind: 'value', field: direct };
  const idMatch = /^(.*)Id$/.exec(path);
  if (idMatch) {
    const rel = findField(ctx.fields, idMatch[1] as string);
    if (rel && isRelation(rel)) return { kind: 'ids', field: rel };
  }
  throw columnMissing(path);
}

/** The stored value of a column (built-ins from the item row). */
export function rawValue(item: ItemRow, field: FieldDef): unknown {
  switch (field.internalName) {
    case 'ID':
      return item.id;
    case 'Created':
      return item.created;
    case 'Modified':
      return item.modified;
    case 'Author':
      return item.authorId;
    case 'Editor':
      return item.editorId;
    default:
      return item.values[field.internalName] ?? (field.multi ? [] : null);
  }
}

/** The related ids a stored person/lookup value holds (a single id, an array, or none). */
export function idsOf(v: unknown): number[] {
  if (Array.isArray(v)) return v as number[];
  return typeof v === 'number' ? [v] : [];
}

const userProps = [
  'Id',
  'ID',
  'Title',
  'EMail',
  'Name',
  'UserName',
  'FirstName',
  'LastName',
  'JobTitle',
  'Department',
];

function userProp(ctx: ItemContext, id: number, sub: string, path: string): unknown {
  const user = ctx.store.userById(id);
  const key = userProps.find((p) => p.toLowerCase() === sub.toLowerCase());
  if (!key) throw columnMissing(path);
  if (!user) return null;
  const [first, ...rest] = user.title.split(' ');
  const values: Record<string, unknown> = {
    Id: user.id,
    ID: user.id,
    Title: user.title,
    EMail: user.email,
    Name: user.loginName,
    UserName: user.email,
    FirstName: first ?? '',
    LastName: rest.join(' '),
    JobTitle: null,
    Department: null,
  };
  return values[key];
}

function lookupProp(
  ctx: ItemContext,
  field: FieldDef,
  id: number,
  sub: string,
  path: string,
): { value: unknown; kind?: string } {
  const target = field.lookupListId ? ctx.store.listById(field.lookupListId) : undefined;
  if (!target) return { value: null };
  const targetField = /^id$/i.test(sub)
    ? findField(ctx.store.fields(target.id), 'ID')
    : findField(ctx.store.fields(target.id), sub);
  if (!targetField) throw columnMissing(path);
  const item = ctx.store.items(target.id).get(id);
  return { value: item ? rawValue(item, targetField) : null, kind: targetField.kind };
}

/** The value of a projected field (`Owner/Title`) for one related id. */
export function projectedValue(
  ctx: ItemContext,
  field: FieldDef,
  id: number,
  sub: string,
): { value: unknown; kind?: string } {
  const path = `${field.internalName}/${sub}`;
  if (field.kind === 'User')
    return { value: userProp(ctx, id, sub, path), kind: /^(id)$/i.test(sub) ? 'Number' : 'Text' };
  return lookupProp(ctx, field, id, sub, path);
}

/** Reads a resolved column of an item for `$filter` and `$orderby`. */
export function readColumn(ctx: ItemContext, item: ItemRow, ref: ColumnRef): Resolved {
  const raw = rawValue(item, ref.field);
  if (ref.kind === 'value') {
    return { value: raw, kind: isRelation(ref.field) ? 'Number' : ref.field.kind };
  }
  if (ref.kind === 'ids')
    return { value: ref.field.multi ? idsOf(raw) : (idsOf(raw)[0] ?? null), kind: 'Number' };
  const ids = idsOf(raw);
  const values = ids.map((id) => projectedValue(ctx, ref.field, id, ref.sub));
  const kind = values[0]?.kind;
  return { value: ref.field.multi ? values.map((v) => v.value) : (values[0]?.value ?? null), kind };
}

/** The column that must be indexed for a path to be allowed past the list view threshold. */
export function indexedFor(ref: ColumnRef): boolean {
  // A projected field is read through a join; SharePoint cannot use an index for it.
  return ref.kind !== 'projected' && ref.field.indexed;
}
