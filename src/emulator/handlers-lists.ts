/**
 * Lists and fields: `web/lists` (GET, POST), one list (GET, MERGE), its `fields` (GET, verbose
 * POST, AddField, createfieldasxml) and one field (GET, MERGE for Indexed / EnforceUniqueValues...).
 */
import { guidArg, type Segment } from './api-path';
import { callerHas, demand, theWeb } from './access';
import { checkIfMatch, jsonBody, type ServiceContext } from './context';
import { securityProps } from './handlers-security';
import { badRequest, notFound, SpCodes, SpError } from './errors';
import {
  textMaxLength,
  applyFieldProps,
  fieldFromCreationInfo,
  fieldFromSchemaXml,
  fieldFromVerbose,
  type FieldDef,
} from './fields';
import { selectProps, queryEntities } from './odata-collection';
import {
  apiBase,
  collectionResponse,
  entityResponse,
  etagOf,
  fieldJson,
  listJson,
  noContent,
} from './odata-json';
import { valueKey, type ListRow } from './store';
import type { SpRequest, SpResponse } from './types';
import { addFieldToDefaultView, addToDefaultView } from './views';

type Json = Record<string, unknown>;

function siteUrl(ctx: ServiceContext, req: SpRequest): string {
  return `${req.origin}${ctx.sitePath}`;
}

/** The list a segment addresses (`getByTitle('t')`, `getById('g')`, `lists('g')`), or 404. */
export function resolveList(ctx: ServiceContext, req: SpRequest, seg: Segment, byIdArg?: string): ListRow {
  if (seg.name === 'getbytitle') {
    const title = seg.args?.[0] ?? '';
    const list = ctx.store.listByTitle(title);
    if (!list) {
      throw notFound(
        `List '${title}' does not exist at site with URL '${siteUrl(ctx, req)}'.`,
        SpCodes.argument,
      );
    }
    return list;
  }
  const id = guidArg(byIdArg ?? seg.args?.[0] ?? '');
  const list = ctx.store.listById(id);
  if (!list)
    throw notFound(
      `List with id '${id}' does not exist at site with URL '${siteUrl(ctx, req)}'.`,
      SpCodes.argument,
    );
  return list;
}

function lastModified(ctx: ServiceContext, list: ListRow): string {
  let latest = list.created;
  for (const item of ctx.store.items(list.id).values()) if (item.modified > latest) latest = item.modified;
  return latest;
}

function listEntity(ctx: ServiceContext, req: SpRequest, list: ListRow): Json {
  return listJson(apiBase(req, ctx.sitePath), list, ctx.store.items(list.id).size, lastModified(ctx, list));
}

const listProps = new Set(['Title', 'Description', 'BaseTemplate', 'EnableVersioning', '__metadata']);

function splitListProps(body: Json): { known: Json; extra: Json } {
  const known: Json = {};
  const extra: Json = {};
  for (const [k, v] of Object.entries(body)) (listProps.has(k) ? known : extra)[k] = v;
  delete known.__metadata;
  return { known, extra };
}

/** GET / POST `web/lists`. */
export function handleLists(ctx: ServiceContext, req: SpRequest): SpResponse {
  const base = apiBase(req, ctx.sitePath);
  if (req.method === 'GET') {
    // Only the lists the caller can open, as SharePoint's web/lists ("available to the current user").
    const entities = ctx.store
      .allLists()
      .filter((l) => callerHas(ctx, req.caller, { kind: 'list', list: l }, 'Open'))
      .map((l) => listEntity(ctx, req, l));
    return collectionResponse(
      req,
      queryEntities(entities, req.query, 'SP.List'),
      `${base}$metadata#SP.ApiData.Lists`,
    );
  }
  if (req.method !== 'POST') throw methodNotAllowed(req, 'web/lists');
  demand(ctx, req, theWeb, ['ManageLists'], 'creating a list');
  const { known, extra } = splitListProps(jsonBody(req));
  const title = typeof known.Title === 'string' ? known.Title.trim() : '';
  if (!title) throw badRequest('A new list needs a Title.');
  if (ctx.store.listByTitle(title)) {
    throw badRequest(
      'A list, survey, discussion board, or document library with the specified title already exists in this Web site.  ' +
        `Please choose another title. ('${title}')`,
      SpCodes.spException,
    );
  }
  const list = ctx.store.createList({
    title,
    description: typeof known.Description === 'string' ? known.Description : '',
    baseTemplate: Number(known.BaseTemplate ?? 100),
    enableVersioning: known.EnableVersioning === true,
    extra,
  });
  return entityResponse(req, 201, listEntity(ctx, req, list));
}

/** GET / MERGE one list. */
export function handleList(ctx: ServiceContext, req: SpRequest, list: ListRow): SpResponse {
  if (req.method === 'GET') {
    const { select, props } = securityProps(ctx, req, { kind: 'list', list });
    return entityResponse(req, 200, {
      ...selectProps(listEntity(ctx, req, list), select, 'SP.List'),
      ...props,
    });
  }
  if (req.method === 'DELETE') {
    demand(ctx, req, { kind: 'list', list }, ['ManageLists'], 'deleting a list');
    checkIfMatch(req, list.version);
    ctx.store.deleteList(list.id);
    ctx.security.dropList(list.id);
    return { status: 200, headers: {}, body: '' };
  }
  if (req.method !== 'MERGE' && req.method !== 'PATCH') throw methodNotAllowed(req, `list '${list.title}'`);
  demand(ctx, req, { kind: 'list', list }, ['ManageLists'], 'changing list settings');
  checkIfMatch(req, list.version);
  const { known, extra } = splitListProps(jsonBody(req));
  const next: ListRow = { ...list, extra: { ...list.extra, ...extra } };
  if (typeof known.Title === 'string' && known.Title.trim() && known.Title !== list.title) {
    const clash = ctx.store.listByTitle(known.Title);
    if (clash && clash.id !== list.id)
      throw badRequest(`A list titled '${known.Title}' already exists in this Web site.`);
    next.title = known.Title.trim();
  }
  if (typeof known.Description === 'string') next.description = known.Description;
  if (typeof known.EnableVersioning === 'boolean') next.enableVersioning = known.EnableVersioning;
  const saved = ctx.store.updateList(next);
  return noContent(etagOf(saved.version));
}

function methodNotAllowed(req: SpRequest, what: string): SpError {
  return badRequest(
    `${req.method} is not supported on ${what} by the local list service.`,
    SpCodes.invalidQuery,
  );
}

function findFieldBy(fields: FieldDef[], seg: Segment): FieldDef | undefined {
  const arg = seg.args?.[0] ?? '';
  if (seg.name === 'getbyid' || seg.name === 'fields') {
    const id = guidArg(arg);
    return fields.find((f) => f.id === id);
  }
  const lower = arg.toLowerCase();
  if (seg.name === 'getbytitle') return fields.find((f) => f.title.toLowerCase() === lower);
  return (
    fields.find((f) => f.internalName.toLowerCase() === lower) ??
    fields.find((f) => f.title.toLowerCase() === lower)
  );
}

const uniqueKinds = new Set([
  'Text',
  'Choice',
  'Number',
  'Currency',
  'Integer',
  'DateTime',
  'Lookup',
  'User',
  'Counter',
]);

/** Checks the index and unique-key rules SharePoint enforces on a field definition. */
function checkFieldRules(ctx: ServiceContext, list: ListRow, f: FieldDef, before?: FieldDef): void {
  if (f.kind === 'Text' && f.maxLength !== undefined && !(f.maxLength >= 1 && f.maxLength <= textMaxLength)) {
    throw badRequest(
      `MaxLength of field '${f.internalName}' on list '${list.title}' is ${f.maxLength}; ` +
        `a single line of text allows 1 to ${textMaxLength}. Use a multiple lines of text (Note) column for more.`,
    );
  }
  if (f.indexed && (f.kind === 'Note' || f.kind === 'MultiChoice' || f.multi)) {
    throw badRequest(
      `Field '${f.internalName}' on list '${list.title}' cannot be indexed: ${f.kind} columns have no index.`,
    );
  }
  if (!f.unique) return;
  if (!uniqueKinds.has(f.kind) || f.multi) {
    throw badRequest(
      `Field '${f.internalName}' on list '${list.title}' cannot enforce unique values: ` +
        'only single-value text, choice, number, currency, date, lookup and person columns can.',
    );
  }
  if (!f.indexed) {
    throw badRequest(
      `Field '${f.internalName}' on list '${list.title}' must be indexed to enforce unique values. ` +
        'Set Indexed to true in the same request.',
    );
  }
  if (before?.unique) return;
  const seen = new Set<string>();
  for (const item of ctx.store.items(list.id).values()) {
    const key = valueKey(item.values[f.internalName]);
    if (key === null) continue;
    if (seen.has(key)) {
      throw badRequest(
        `This field contains duplicate values. Remove all duplicate values and try the operation again. ` +
          `(list '${list.title}', field '${f.internalName}', value '${String(item.values[f.internalName])}')`,
      );
    }
    seen.add(key);
  }
}

function addField(
  ctx: ServiceContext,
  req: SpRequest,
  list: ListRow,
  field: FieldDef,
  status: number,
  inDefaultView = false,
): SpResponse {
  const fields = ctx.store.fields(list.id);
  const clash = fields.find(
    (f) =>
      f.internalName.toLowerCase() === field.internalName.toLowerCase() ||
      f.title.toLowerCase() === field.title.toLowerCase(),
  );
  if (clash) {
    throw badRequest(
      `A duplicate field name "${field.title}" was found on list '${list.title}'.`,
      SpCodes.spException,
    );
  }
  if (field.kind === 'Lookup' && field.lookupListId && !ctx.store.listById(field.lookupListId)) {
    throw badRequest(`Lookup field '${field.title}': no list has id '${field.lookupListId}'.`);
  }
  checkFieldRules(ctx, list, field);
  ctx.store.addField(list.id, field);
  if (inDefaultView) addToDefaultView(ctx, list, field.internalName);
  return entityResponse(req, status, fieldJson(apiBase(req, ctx.sitePath), list, field));
}

/** Everything under `{list}/fields`. `rest` are the segments after `fields`. */
export function handleFields(
  ctx: ServiceContext,
  req: SpRequest,
  list: ListRow,
  fieldsSeg: Segment,
  rest: Segment[],
): SpResponse {
  const base = apiBase(req, ctx.sitePath);
  const fields = ctx.store.fields(list.id);
  const [next] = rest;
  if (!next && !fieldsSeg.args) {
    if (req.method === 'GET') {
      const entities = fields.map((f) => fieldJson(base, list, f));
      return collectionResponse(
        req,
        queryEntities(entities, req.query, 'SP.Field'),
        `${base}$metadata#SP.ApiData.Fields1`,
      );
    }
    demand(ctx, req, { kind: 'list', list }, ['ManageLists'], 'adding a column');
    return addField(ctx, req, list, fieldFromVerbose(jsonBody(req), list.title), 201);
  }
  if (next && (next.name === 'addfield' || next.name === 'createfieldasxml') && req.method === 'POST') {
    demand(ctx, req, { kind: 'list', list }, ['ManageLists'], 'adding a column');
    const params = jsonBody(req).parameters;
    if (!params || typeof params !== 'object')
      throw badRequest(`${next.name} needs a body {parameters: {...}}.`);
    const field =
      next.name === 'addfield'
        ? fieldFromCreationInfo(params as Json, list.title)
        : fieldFromSchemaXml(params as Json, list.title, (ref) => lookupListRef(ctx, ref));
    const options = Number((params as Json).Options ?? 0);
    return addField(ctx, req, list, field, 200, (options & addFieldToDefaultView) !== 0);
  }
  const seg = fieldsSeg.args ? fieldsSeg : (next as Segment);
  const field = findFieldBy(fields, seg);
  if (!field) {
    throw notFound(
      `Column '${seg.args?.[0] ?? seg.name}' does not exist. It may have been deleted by another user.`,
      SpCodes.columnMissing,
    );
  }
  if (req.method === 'GET')
    return entityResponse(
      req,
      200,
      selectProps(fieldJson(base, list, field), req.query.get('$select'), 'SP.Field'),
    );
  if (req.method === 'DELETE') {
    demand(ctx, req, { kind: 'list', list }, ['ManageLists'], `deleting column '${field.internalName}'`);
    if (field.builtIn) throw badRequest(`Built-in field '${field.internalName}' cannot be deleted.`);
    ctx.store.deleteField(list.id, field.internalName);
    return { status: 200, headers: {}, body: '' };
  }
  if (req.method !== 'MERGE' && req.method !== 'PATCH') {
    throw methodNotAllowed(req, `field '${field.internalName}'`);
  }
  demand(ctx, req, { kind: 'list', list }, ['ManageLists'], `changing column '${field.internalName}'`);
  const updated = applyFieldProps(field, jsonBody(req));
  if (field.readOnly && updated.unique !== field.unique) {
    throw badRequest(`Built-in field '${field.internalName}' cannot be changed that way.`);
  }
  checkFieldRules(ctx, list, updated, field);
  ctx.store.updateField(list.id, updated);
  return noContent();
}

function lookupListRef(ctx: ServiceContext, ref: string): string | undefined {
  const id = guidArg(ref);
  if (ctx.store.listById(id)) return id;
  const title = ref.replace(/^.*\/Lists\//i, '').replace(/^Lists\//i, '');
  return ctx.store.listByTitle(title)?.id;
}
