/**
 * List items: the collection (GET with query options, POST to add), one item (GET, MERGE with
 * IF-Match, DELETE) and its versions. Writes validate the body, keep unique columns unique,
 * bump the item's version (its ETag) and record a version row when the list keeps versions.
 */
import type { Segment } from './api-path';
import { callerHas, demand, itemVisibility } from './access';
import { checkIfMatch, jsonBody, type ServiceContext } from './context';
import {
  handleSecurable,
  securableSegments,
  securityPropsOf,
  splitSecuritySelect,
} from './handlers-security';
import { badRequest, notFound, SpCodes } from './errors';
import type { ItemContext } from './item-columns';
import { fieldValuesAsTextJson, itemJson, parseExpand, parseSelect } from './item-json';
import { applyItemBody, checkUnique, withDefaults } from './item-write';
import { checkThreshold, parseItemQuery, runItemQuery } from './items-query';
import { apiBase, collectionResponse, entityName, entityResponse, etagOf, noContent } from './odata-json';
import type { ItemRow, ListRow } from './store';
import type { SpRequest, SpResponse } from './types';

function itemContext(ctx: ServiceContext, req: SpRequest, list: ListRow): ItemContext {
  return {
    store: ctx.store,
    list,
    fields: ctx.store.fields(list.id),
    base: apiBase(req, ctx.sitePath),
    regional: ctx.regional,
  };
}

function nextLink(req: SpRequest, ctx: ServiceContext, skipToken: string): string {
  const params = new URLSearchParams(req.query);
  params.delete('$skiptoken');
  params.set('$skiptoken', skipToken);
  return `${apiBase(req, ctx.sitePath)}${req.apiPath}?${params.toString()}`;
}

function itemNotFound(list: ListRow, id: number | string): Error {
  return notFound(
    `Item does not exist. It may have been deleted by another user. (list '${list.title}', item ${id})`,
    SpCodes.spException,
  );
}

/** `{list}/items` and `{list}/items(n)[/versions]`. */
export function handleItems(
  ctx: ServiceContext,
  req: SpRequest,
  list: ListRow,
  itemsSeg: Segment,
  rest: Segment[],
): SpResponse {
  const ictx = itemContext(ctx, req, list);
  if (!itemsSeg.args && rest.length === 0) {
    return req.method === 'GET' ? queryItems(ctx, req, ictx) : addItem(ctx, req, ictx);
  }
  if (!itemsSeg.args && rest[0]?.name !== 'getbyid') {
    throw notFound(
      `The local list service does not implement items/${rest[0]?.name ?? ''}.`,
      SpCodes.notFound,
    );
  }
  const idArg = itemsSeg.args?.[0] ?? rest[0]?.args?.[0] ?? '';
  const id = Number(idArg);
  if (!idArg || !Number.isInteger(id))
    throw badRequest(`'${idArg}' is not an item id.`, SpCodes.invalidQuery);
  const item = ctx.store.items(list.id).get(id);
  // Items the caller may not view do not exist for them (SharePoint trims them the same way).
  if (!item || !callerHas(ctx, req.caller, { kind: 'item', list, item }, 'ViewListItems'))
    throw itemNotFound(list, id);
  const target = { kind: 'item', list, item } as const;
  const sub = itemsSeg.args ? rest[0] : rest[1];
  if (sub && securableSegments.has(sub.name))
    return handleSecurable(ctx, req, target, sub, rest.slice(itemsSeg.args ? 1 : 2));
  if (sub?.name === 'versions' && req.method === 'GET') {
    demand(ctx, req, target, ['ViewVersions'], 'reading item versions');
    return versions(ctx, req, ictx, item);
  }
  if (sub?.name === 'fieldvaluesastext' && req.method === 'GET') {
    const text = fieldValuesAsTextJson(ictx, item);
    const path = `Web/Lists(guid'${list.id}')/Items(${id})/FieldValuesAsText`;
    return entityResponse(req, 200, { ...text, 'odata.id': `${ictx.base}${path}`, 'odata.editLink': path });
  }
  if (sub)
    throw notFound(`The local list service does not implement items(${id})/${sub.name}.`, SpCodes.notFound);
  switch (req.method) {
    case 'GET': {
      const sel = splitSecuritySelect(req.query.get('$select'));
      const expands = parseExpand(ictx, req.query.get('$expand'));
      const body = {
        ...itemJson(ictx, item, parseSelect(ictx, sel.select, expands)),
        ...securityPropsOf(ctx, req, target, sel),
      };
      return entityResponse(req, 200, body, { ETag: etagOf(item.version) });
    }
    case 'MERGE':
    case 'PATCH':
    case 'PUT':
      demand(ctx, req, target, ['EditListItems'], 'changing an item');
      return updateItem(req, ictx, item);
    case 'DELETE':
      demand(ctx, req, target, ['DeleteListItems'], 'deleting an item');
      checkIfMatch(req, item.version);
      ctx.store.deleteItem(list.id, id);
      ctx.security.dropItem(list.id, id);
      return { status: 200, headers: {}, body: '' };
    default:
      throw badRequest(`${req.method} is not supported on an item.`, SpCodes.invalidQuery);
  }
}

function queryItems(ctx: ServiceContext, req: SpRequest, ictx: ItemContext): SpResponse {
  const sel = splitSecuritySelect(req.query.get('$select'));
  const expands = parseExpand(ictx, req.query.get('$expand'));
  const projection = parseSelect(ictx, sel.select, expands);
  const query = parseItemQuery(ictx, req.query, expands);
  checkThreshold(ictx, query, ctx.listViewThreshold);
  const visible = itemVisibility(ctx, req.caller, ictx.list);
  const page = runItemQuery(visible ? { ...ictx, visible } : ictx, query);
  const entities = page.items.map((item) => ({
    ...itemJson(ictx, item, projection),
    ...securityPropsOf(ctx, req, { kind: 'item', list: ictx.list, item }, sel),
  }));
  const metadata = `${ictx.base}$metadata#SP.ListData.${entityName(ictx.list)}ListItems`;
  return collectionResponse(
    req,
    entities,
    metadata,
    page.nextSkipToken ? nextLink(req, ctx, page.nextSkipToken) : undefined,
  );
}

function addItem(ctx: ServiceContext, req: SpRequest, ictx: ItemContext): SpResponse {
  if (req.method !== 'POST')
    throw badRequest(`${req.method} is not supported on the items collection.`, SpCodes.invalidQuery);
  demand(ctx, req, { kind: 'list', list: ictx.list }, ['AddListItems'], 'adding an item');
  const values = withDefaults(ictx, applyItemBody(ictx, jsonBody(req), {}));
  checkUnique(ictx, values, undefined);
  const item = ictx.store.insertItem(ictx.list.id, values, req.caller.user.id, ictx.list.enableVersioning);
  const body = itemJson(ictx, item, { expands: new Set() });
  return entityResponse(req, 201, body, { ETag: etagOf(item.version) });
}

function updateItem(req: SpRequest, ictx: ItemContext, item: ItemRow): SpResponse {
  checkIfMatch(req, item.version);
  const values = applyItemBody(ictx, jsonBody(req), req.method === 'PUT' ? {} : item.values);
  checkUnique(ictx, values, item.id);
  const saved = ictx.store.updateItem(
    ictx.list.id,
    item,
    values,
    req.caller.user.id,
    ictx.list.enableVersioning,
  );
  return noContent(etagOf(saved.version));
}

function versions(ctx: ServiceContext, req: SpRequest, ictx: ItemContext, item: ItemRow): SpResponse {
  const rows = ctx.store.itemVersions(ictx.list.id, item.id);
  const entities = rows.map((v) => {
    const asItem: ItemRow = {
      ...item,
      version: v.version,
      values: v.values,
      modified: v.modified,
      editorId: v.editorId,
    };
    const json = itemJson(ictx, asItem, { expands: new Set() });
    const path = `Web/Lists(guid'${ictx.list.id}')/Items(${item.id})/versions(${v.version * 512})`;
    return {
      ...json,
      'odata.type': 'SP.ListItemVersion',
      'odata.id': `${ictx.base}${path}`,
      'odata.editLink': path,
      IsCurrentVersion: v.version === item.version,
      VersionId: v.version * 512,
      VersionLabel: `${v.version}.0`,
    };
  });
  return collectionResponse(req, entities, `${ictx.base}$metadata#SP.ApiData.ListItemVersions`);
}
