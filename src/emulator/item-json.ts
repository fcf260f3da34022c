/**
 * Shapes list items as SharePoint returns them: every column by default, or exactly the
 * `$select`ed ones, with `$expand`ed people and lookups as nested objects (arrays when multi).
 */
import { badRequest, SpCodes, SpError } from './errors';
import { isDateOnly, type FieldDef } from './fields';
import {
  findField,
  idsOf,
  projectedValue,
  rawValue,
  resolveColumn,
  type ColumnRef,
  type ItemContext,
} from './item-columns';
import { entityTypeName, itemMeta } from './odata-json';
import { localDateText, localDateTimeText } from './regional-settings';
import type { ItemRow } from './store';

type Json = Record<string, unknown>;

type SelectEntry =
  | { kind: 'value'; field: FieldDef; name: string }
  | { kind: 'ids'; field: FieldDef }
  | { kind: 'projected'; field: FieldDef; subs: string[] };

/**
 * What to put in each item: undefined `entries` means every column; `all` (`$select=*,Owner/Title`)
 * means every column plus the listed entries.
 */
export type Projection = {
  entries?: SelectEntry[];
  all?: boolean;
  expands: Set<string>;
  /** `$select=FieldValuesAsText/X`: the text columns asked for (all when empty). */
  textColumns?: string[];
};

/** `$expand=FieldValuesAsText` is not a column: it adds the item's values as the site shows them. */
const fieldValuesAsText = 'fieldvaluesastext';

const defaultSubs = ['Id', 'Title'];

/** Parses `$expand` into the expanded column names (lower case), checking they are people or lookups. */
export function parseExpand(ctx: ItemContext, expand: string | null): Set<string> {
  const out = new Set<string>();
  for (const raw of (expand ?? '').split(',')) {
    const name = raw.trim().split('/')[0] as string;
    if (!name) continue;
    if (name.toLowerCase() === fieldValuesAsText) {
      out.add(fieldValuesAsText);
      continue;
    }
    const f = findField(ctx.fields, name);
    if (!f)
      throw badRequest(
        `Column '${name}' does not exist. It may have been deleted by another user.`,
        SpCodes.columnMissing,
      );
    if (f.kind !== 'User' && f.kind !== 'Lookup') {
      throw badRequest(
        `$expand=${name}: only person and lookup columns can be expanded.`,
        SpCodes.invalidQuery,
      );
    }
    out.add(f.internalName.toLowerCase());
  }
  return out;
}

/** Parses `$select` (with the expands already known) into a projection. */
export function parseSelect(ctx: ItemContext, select: string | null, expands: Set<string>): Projection {
  const names = (select ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) {
    checkLookupThreshold(ctx, { expands });
    return { expands };
  }
  const all = names.includes('*');
  const textColumns: string[] = [];
  const entries: SelectEntry[] = [];
  const projected = new Map<string, { field: FieldDef; subs: string[] }>();
  for (const name of names.filter((n) => n !== '*')) {
    if (name.toLowerCase().startsWith(`${fieldValuesAsText}/`)) {
      if (!expands.has(fieldValuesAsText)) {
        throw badRequest(
          `The query to field '${name}' is not valid. The $expand query string must contain FieldValuesAsText.`,
          SpCodes.invalidQuery,
        );
      }
      textColumns.push(name.slice(fieldValuesAsText.length + 1));
      continue;
    }
    const resolved = resolveColumn(ctx, name, expands);
    // In $select, `Owner/Id` is a projected field of the expanded Owner, not the OwnerId column.
    const slash = name.indexOf('/');
    const ref: ColumnRef =
      resolved.kind === 'ids' && slash >= 0
        ? { kind: 'projected', field: resolved.field, sub: name.slice(slash + 1) }
        : resolved;
    if (
      ref.kind === 'projected' ||
      (ref.kind === 'value' && (ref.field.kind === 'User' || ref.field.kind === 'Lookup'))
    ) {
      const key = ref.field.internalName.toLowerCase();
      if (!expands.has(key)) {
        throw badRequest(
          `The query to field '${name}' is not valid. The $select query string must specify the target fields ` +
            `and the $expand query string must contains ${ref.field.internalName}.`,
          SpCodes.invalidQuery,
        );
      }
      const entry = projected.get(key) ?? { field: ref.field, subs: [] };
      entry.subs.push(...(ref.kind === 'projected' ? [ref.sub] : defaultSubs));
      projected.set(key, entry);
    } else if (ref.kind === 'ids') {
      entries.push({ kind: 'ids', field: ref.field });
    } else {
      entries.push({
        kind: 'value',
        field: ref.field,
        name: ref.field.internalName === 'ID' ? name : ref.field.internalName,
      });
    }
  }
  for (const p of projected.values())
    entries.push({ kind: 'projected', field: p.field, subs: [...new Set(p.subs)] });
  const projection = { entries, all, expands, textColumns };
  checkLookupThreshold(ctx, projection);
  return projection;
}

/** SharePoint's list view lookup threshold: at most 12 person/lookup columns joined in one query. */
export const lookupColumnThreshold = 12;

/**
 * Fails as SharePoint does when a query would join more person/lookup columns than the threshold:
 * every such column when all columns are returned (Created By and Modified By included), else
 * the expanded ones.
 */
export function checkLookupThreshold(ctx: ItemContext, projection: Projection): void {
  const joined = new Set<string>();
  if (!projection.entries || projection.all) {
    for (const f of ctx.fields)
      if ((f.kind === 'User' || f.kind === 'Lookup') && !f.hidden) joined.add(f.internalName);
  }
  for (const e of projection.entries ?? []) if (e.kind === 'projected') joined.add(e.field.internalName);
  if (joined.size > lookupColumnThreshold) {
    throw new SpError(
      500,
      SpCodes.throttled,
      'The query cannot be completed because the number of lookup columns it contains exceeds the lookup column ' +
        `threshold enforced by the administrator. (list '${ctx.list.title}': ${joined.size} person/lookup columns, ` +
        `limit ${lookupColumnThreshold}; use $select to ask for fewer.)`,
    );
  }
}

function related(ctx: ItemContext, field: FieldDef, raw: unknown, subs: string[]): unknown {
  const ids = Array.isArray(raw) ? (raw as number[]) : typeof raw === 'number' ? [raw] : [];
  const target =
    field.kind === 'Lookup' && field.lookupListId ? ctx.store.listById(field.lookupListId) : undefined;
  const type =
    field.kind === 'User' ? 'SP.Data.UserInfoItem' : target ? entityTypeName(target) : 'SP.Data.ListItem';
  const objects = ids.map((id) => {
    const path =
      field.kind === 'User'
        ? `Web/SiteUserInfoList/Items(${id})`
        : `Web/Lists(guid'${target?.id ?? ''}')/Items(${id})`;
    const obj: Json = { 'odata.type': type, 'odata.id': `${ctx.base}${path}` };
    for (const sub of subs) {
      const key = field.kind === 'User' && /^email$/i.test(sub) ? 'EMail' : sub;
      obj[key] = projectedValue(ctx, field, id, sub).value;
    }
    return obj;
  });
  return field.multi ? objects : (objects[0] ?? null);
}

/** `XId` as SharePoint shows it; also right after a column was switched between single and multi. */
function idsValue(field: FieldDef, raw: unknown): unknown {
  const ids = idsOf(raw);
  return field.multi ? ids : (ids[0] ?? null);
}

function allColumns(ctx: ItemContext, item: ItemRow, expands: Set<string>): Json {
  const out: Json = { FileSystemObjectType: 0, Id: item.id, ContentTypeId: '0x0100' };
  for (const f of ctx.fields) {
    if (f.internalName === 'ID' || f.hidden) continue;
    const raw = rawValue(item, f);
    if (f.kind === 'User' || f.kind === 'Lookup') {
      if (expands.has(f.internalName.toLowerCase())) out[f.internalName] = related(ctx, f, raw, defaultSubs);
      out[`${f.internalName}Id`] = idsValue(f, raw);
      if (f.kind === 'User') {
        out[`${f.internalName}StringId`] = f.multi
          ? (idsValue(f, raw) as number[]).map(String)
          : raw == null
            ? null
            : String(raw);
      }
    } else {
      out[f.internalName] = raw;
    }
  }
  out.ID = item.id;
  out.OData__UIVersionString = `${item.version}.0`;
  out.Attachments = false;
  return out;
}

/** One item as JSON for the projection, with its odata annotations. */
export function itemJson(ctx: ItemContext, item: ItemRow, projection: Projection): Json {
  const out: Json = itemMeta(ctx.base, ctx.list, item);
  const withText = (json: Json): Json =>
    projection.expands.has(fieldValuesAsText)
      ? { ...json, FieldValuesAsText: fieldValuesAsTextJson(ctx, item, projection.textColumns) }
      : json;
  if (!projection.entries) return withText({ ...out, ...allColumns(ctx, item, projection.expands) });
  if (projection.all) Object.assign(out, allColumns(ctx, item, new Set()));
  for (const e of projection.entries) {
    const raw = rawValue(item, e.field);
    if (e.kind === 'value') out[e.name] = raw;
    else if (e.kind === 'ids') out[`${e.field.internalName}Id`] = idsValue(e.field, raw);
    else out[e.field.internalName] = related(ctx, e.field, raw, e.subs);
  }
  return withText(out);
}

const numberText = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 });

/** A stored value as the site shows it (en-GB): dates in the site's zone, people by name, Yes/No. */
function textOf(ctx: ItemContext, f: FieldDef, raw: unknown): string {
  if (raw === null || raw === undefined || (Array.isArray(raw) && raw.length === 0)) return '';
  switch (f.kind) {
    case 'DateTime': {
      const ms = Date.parse(String(raw));
      if (Number.isNaN(ms)) return '';
      const zone = ctx.regional.timeZone;
      return isDateOnly(f) ? localDateText(ms, zone) : localDateTimeText(ms, zone);
    }
    case 'Boolean':
      return raw ? 'Yes' : 'No';
    case 'Number':
    case 'Currency':
    case 'Integer':
    case 'Counter':
      return typeof raw === 'number' ? numberText.format(raw) : String(raw);
    case 'User':
    case 'Lookup':
      return idsOf(raw)
        .map(
          (id) => projectedValue(ctx, f, id, f.kind === 'User' ? 'Title' : (f.lookupField ?? 'Title')).value,
        )
        .map((v) => (v == null ? '' : String(v)))
        .join('; ');
    case 'MultiChoice':
      return (raw as unknown[]).map(String).join('; ');
    default:
      return String(raw);
  }
}

/**
 * SP.FieldStringValues: every column's value as text, keyed by internal name with `_` written
 * `_x005f_` as SharePoint does. `only` limits it to the columns a `$select` named.
 */
export function fieldValuesAsTextJson(ctx: ItemContext, item: ItemRow, only: string[] = []): Json {
  const out: Json = { 'odata.type': 'SP.FieldStringValues' };
  const wanted = new Set(only.map((n) => n.toLowerCase()));
  for (const f of ctx.fields) {
    if (f.hidden) continue;
    const key = f.internalName.replace(/_/g, '_x005f_');
    if (wanted.size && !wanted.has(key.toLowerCase()) && !wanted.has(f.internalName.toLowerCase())) continue;
    out[key] = textOf(ctx, f, rawValue(item, f));
  }
  return out;
}
