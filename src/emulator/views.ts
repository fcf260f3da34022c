/**
 * A list's default view ("All Items"): `{list}/DefaultView` and its `ViewFields`, which hold the
 * columns a person sees when they open the list in SharePoint. A field joins the default view only
 * when it is created with AddFieldOptions.AddFieldToDefaultView (16) in `createfieldasxml`, or
 * added with `DefaultView/ViewFields/addViewField('name')`; fields created any other way exist but
 * do not show (SP.AddFieldOptions and SP.ViewFieldCollection.addViewField in the REST reference).
 */
import type { Segment } from './api-path';
import { demand } from './access';
import type { ServiceContext } from './context';
import { badRequest, notFound, SpCodes } from './errors';
import type { FieldDef } from './fields';
import { apiBase, entityResponse, noContent } from './odata-json';
import type { ListRow } from './store';
import type { SpRequest, SpResponse } from './types';

/** AddFieldOptions.AddFieldToDefaultView. */
export const addFieldToDefaultView = 16;

/** A new custom list's default view shows Title (as LinkTitle, the title with the item menu). */
export function defaultViewFieldsOf(list: ListRow): string[] {
  return list.defaultViewFields ?? ['LinkTitle'];
}

/** Stores the list with `internalName` appended to its default view (once). */
export function addToDefaultView(ctx: ServiceContext, list: ListRow, internalName: string): void {
  const current = defaultViewFieldsOf(list);
  if (current.includes(internalName)) return;
  ctx.store.updateList({ ...list, defaultViewFields: [...current, internalName] });
}

function viewId(list: ListRow): string {
  // One default view per list, with an id derived from the list's so it is stable across calls.
  return `${list.id.slice(0, 24)}${'0'.repeat(11)}1`;
}

function findByNameOrTitle(fields: FieldDef[], name: string): FieldDef | undefined {
  return fields.find((f) => f.internalName === name) ?? fields.find((f) => f.title === name);
}

/** Everything under `{list}/DefaultView`; `rest` are the segments after it. */
export function handleDefaultView(
  ctx: ServiceContext,
  req: SpRequest,
  list: ListRow,
  rest: Segment[],
): SpResponse {
  const base = apiBase(req, ctx.sitePath);
  const path = `Web/Lists(guid'${list.id}')/Views(guid'${viewId(list)}')`;
  const [fieldsSeg, action] = rest;
  const names = defaultViewFieldsOf(list);
  if (!fieldsSeg && req.method === 'GET') {
    return entityResponse(req, 200, {
      'odata.type': 'SP.View',
      'odata.id': `${base}${path}`,
      'odata.editLink': path,
      DefaultView: true,
      Hidden: false,
      Id: viewId(list),
      PersonalView: false,
      RowLimit: 30,
      ServerRelativeUrl: `${ctx.sitePath}/Lists/${list.title}/AllItems.aspx`,
      Title: 'All Items',
      ViewQuery: '<OrderBy><FieldRef Name="ID" /></OrderBy>',
    });
  }
  if (fieldsSeg?.name === 'viewfields' && !action && req.method === 'GET') {
    return entityResponse(req, 200, {
      'odata.type': 'SP.ViewFieldCollection',
      'odata.id': `${base}${path}/ViewFields`,
      'odata.editLink': `${path}/ViewFields`,
      SchemaXml: names.map((n) => `<FieldRef Name="${n}" />`).join(''),
      Items: names,
    });
  }
  if (fieldsSeg?.name === 'viewfields' && action && req.method === 'POST') {
    demand(ctx, req, { kind: 'list', list }, ['ManageLists'], 'changing the default view');
    const arg = action.args?.[0] ?? '';
    if (action.name === 'addviewfield' || action.name === 'removeviewfield') {
      const field = findByNameOrTitle(ctx.store.fields(list.id), arg);
      if (!field) {
        throw notFound(
          `Column '${arg}' does not exist. It may have been deleted by another user.`,
          SpCodes.columnMissing,
        );
      }
      if (action.name === 'addviewfield') addToDefaultView(ctx, list, field.internalName);
      else
        ctx.store.updateList({ ...list, defaultViewFields: names.filter((n) => n !== field.internalName) });
      return noContent();
    }
    throw badRequest(`The local list service does not implement ViewFields/${action.name}.`);
  }
  throw notFound(
    `The local list service does not implement ${req.method} DefaultView${fieldsSeg ? `/${fieldsSeg.name}` : ''}.`,
    SpCodes.notFound,
  );
}
