/**
 * Validates the JSON body of an item add or MERGE and turns it into stored values: property names
 * must exist on the list (`Title`, `RiskCode`, `OwnerId`...), values must fit the column type and
 * length, and columns with EnforceUniqueValues must stay unique (case-insensitive), as in SharePoint.
 */
import { badRequest, SpCodes, SpError } from './errors';
import { isDateOnly, noteMaxLength, textMaxLength, type FieldDef } from './fields';
import { findField, type ItemContext } from './item-columns';
import { entityTypeName } from './odata-json';
import { isoSeconds, localMidnightOf, parseClientDateTime } from './regional-settings';
import { valueKey } from './store';

type Json = Record<string, unknown>;

function fieldError(ctx: ItemContext, f: FieldDef, problem: string, fix: string): SpError {
  return badRequest(
    `Invalid value for field '${f.internalName}' on list '${ctx.list.title}': ${problem}. ${fix}`,
    SpCodes.fieldValue,
  );
}

function idsFrom(ctx: ItemContext, f: FieldDef, v: unknown): number | number[] | null {
  const list = v && typeof v === 'object' && !Array.isArray(v) ? (v as Json).results : v;
  if (f.multi) {
    if (list === null || list === undefined) return [];
    if (!Array.isArray(list)) {
      throw fieldError(
        ctx,
        f,
        `expected an array of ids, got ${JSON.stringify(v)}`,
        `Send ${f.internalName}Id: [1, 2].`,
      );
    }
    return list.map((x) => idFrom(ctx, f, x) as number);
  }
  return idFrom(ctx, f, list);
}

function idFrom(ctx: ItemContext, f: FieldDef, v: unknown): number | null {
  if (v === null || v === undefined || v === '' || v === -1) return null;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw fieldError(
      ctx,
      f,
      `'${String(v)}' is not an item or user id`,
      'Send a positive whole number or null.',
    );
  }
  if (f.kind === 'User' && !ctx.store.userById(n)) {
    throw fieldError(
      ctx,
      f,
      `user id ${n} is not a user of this site`,
      'Call web/ensureuser first and use the Id it returns.',
    );
  }
  return n;
}

function scalarFrom(ctx: ItemContext, f: FieldDef, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (f.kind) {
    case 'Text':
    case 'Note':
    case 'Choice': {
      if (typeof v !== 'string') {
        throw fieldError(ctx, f, `expected text, got ${typeof v}`, 'Send a string.');
      }
      const limit = f.kind === 'Note' ? noteMaxLength : (f.maxLength ?? textMaxLength);
      if ((f.kind !== 'Choice' || f.maxLength !== undefined) && v.length > limit) {
        throw fieldError(
          ctx,
          f,
          `the text is ${v.length} characters long and MaxLength is ${limit}`,
          `Shorten it to ${limit} characters or fewer.`,
        );
      }
      return v === '' ? null : v;
    }
    case 'MultiChoice': {
      const arr = Array.isArray(v) ? v : (v as Json)?.results;
      if (!Array.isArray(arr)) throw fieldError(ctx, f, 'expected an array of choices', 'Send ["A", "B"].');
      return arr.map(String);
    }
    case 'Number':
    case 'Currency':
    case 'Integer': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) {
        throw fieldError(ctx, f, `'${String(v)}' is not a number`, 'Send a number.');
      }
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
        throw fieldError(
          ctx,
          f,
          `${n} is outside ${f.min ?? '-inf'}..${f.max ?? 'inf'}`,
          'Send a number in range.',
        );
      }
      return n;
    }
    case 'Boolean':
      if (typeof v === 'boolean') return v;
      if (v === 0 || v === 1 || v === '0' || v === '1') return Number(v) === 1;
      throw fieldError(ctx, f, `'${String(v)}' is not a yes/no value`, 'Send true or false.');
    case 'DateTime': {
      const zone = ctx.regional.timeZone;
      const t = typeof v === 'string' ? parseClientDateTime(v, zone) : NaN;
      if (Number.isNaN(t))
        throw fieldError(ctx, f, `'${String(v)}' is not a date`, 'Send an ISO 8601 date-time.');
      // A date-only column keeps the calendar day the instant falls on in the site's zone, stored
      // as that day's local midnight (SharePoint/sp-dev-docs#6083): on a London site
      // 2026-06-30T00:00:00Z (01:00 BST) is kept as 2026-06-29T23:00:00Z.
      return isoSeconds(isDateOnly(f) ? localMidnightOf(t, zone) : t);
    }
    default:
      throw fieldError(ctx, f, 'the column is read-only', 'Leave it out of the request.');
  }
}

/** Merges a request body into an item's stored values (or a new item's), validating every property. */
export function applyItemBody(ctx: ItemContext, body: unknown, current: Json): Json {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`The item body for list '${ctx.list.title}' must be a JSON object.`);
  }
  const next: Json = { ...current };
  for (const [key, value] of Object.entries(body as Json)) {
    if (key === '__metadata') continue;
    const direct = findField(ctx.fields, key);
    const relation = /^(.*)Id$/.exec(key);
    const related = relation ? findField(ctx.fields, relation[1] as string) : undefined;
    if (related && (related.kind === 'User' || related.kind === 'Lookup') && !related.readOnly) {
      next[related.internalName] = idsFrom(ctx, related, value);
    } else if (direct && !direct.readOnly && direct.kind !== 'User' && direct.kind !== 'Lookup') {
      next[direct.internalName] = scalarFrom(ctx, direct, value);
    } else {
      throw badRequest(
        `The property '${key}' does not exist on type '${entityTypeName(ctx.list)}'. ` +
          'Make sure to only use property names that are defined by the type.',
      );
    }
  }
  return next;
}

/** Fails like SharePoint when a unique column would hold a value another item already has. */
export function checkUnique(ctx: ItemContext, values: Json, selfId: number | undefined): void {
  for (const f of ctx.fields) {
    if (!f.unique || f.readOnly) continue;
    const key = valueKey(values[f.internalName]);
    if (key === null) continue;
    for (const otherId of ctx.store.itemsWithValue(ctx.list.id, f.internalName, key)) {
      if (otherId !== selfId) {
        throw new SpError(
          500,
          SpCodes.duplicateValues,
          'The list item could not be added or updated because duplicate values were found in one or more fields in the list. ' +
            `(list '${ctx.list.title}', field '${f.internalName}': item ${otherId} already has '${String(values[f.internalName])}')`,
        );
      }
    }
  }
}

/** Applies column defaults (e.g. a Choice's DefaultValue) to a new item, as SharePoint does. */
export function withDefaults(ctx: ItemContext, values: Json): Json {
  const out = { ...values };
  for (const f of ctx.fields) {
    if (f.builtIn || f.defaultValue == null || out[f.internalName] !== undefined) continue;
    if (f.kind === 'Text' || f.kind === 'Choice' || f.kind === 'Note') out[f.internalName] = f.defaultValue;
    else if (f.kind === 'Number' || f.kind === 'Currency' || f.kind === 'Integer')
      out[f.internalName] = Number(f.defaultValue);
    else if (f.kind === 'Boolean')
      out[f.internalName] = f.defaultValue === '1' || /^true$/i.test(f.defaultValue);
  }
  return out;
}
