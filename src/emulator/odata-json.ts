/**
 * JSON shapes of SharePoint REST responses: lists, fields, users and items with their `odata.*`
 * annotations (minimal metadata, what plain `application/json` gets), and the conversions to
 * `odata=verbose` (`{d:{...}}`, `__metadata`, `{results:[...]}`) and `odata=nometadata`.
 */
import { fieldODataType, isDateOnly, typeAsString, typeKindOf, type FieldDef } from './fields';
import type { ItemRow, ListRow } from './store';
import type { SiteUser, SpRequest, SpResponse } from './types';

type Json = Record<string, unknown>;

/** `http://host:port/sites/x/_api/`, the base of every odata.id and next link. */
export function apiBase(req: Pick<SpRequest, 'origin'>, sitePath: string): string {
  return `${req.origin}${sitePath}/_api/`;
}

/** The list's entity name: its title without spaces, other characters outside [A-Za-z0-9_] encoded. */
export function entityName(list: ListRow): string {
  const name = [...list.title.replace(/\s/g, '')]
    .map((c) => (/[A-Za-z0-9_]/.test(c) ? c : `_x${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}_`))
    .join('');
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** SP.Data.<Name>ListItem, the list's ListItemEntityTypeFullName. */
export function entityTypeName(list: ListRow): string {
  return `SP.Data.${entityName(list)}ListItem`;
}

/** The quoted ETag value SharePoint uses for items and lists: `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** SP.List as SharePoint returns it (the properties clients commonly read). */
export function listJson(base: string, list: ListRow, itemCount: number, lastModified: string): Json {
  const path = `Web/Lists(guid'${list.id}')`;
  return {
    'odata.type': 'SP.List',
    'odata.id': `${base}${path}`,
    'odata.etag': etagOf(list.version),
    'odata.editLink': path,
    ...list.extra,
    AllowContentTypes: list.extra.AllowContentTypes ?? false,
    BaseTemplate: list.baseTemplate,
    BaseType: 0,
    ContentTypesEnabled: list.extra.ContentTypesEnabled ?? false,
    Created: list.created,
    Description: list.description,
    EnableVersioning: list.enableVersioning,
    Hidden: list.extra.Hidden ?? false,
    Id: list.id,
    ItemCount: itemCount,
    LastItemModifiedDate: lastModified,
    ListItemEntityTypeFullName: entityTypeName(list),
    Title: list.title,
  };
}

/** SP.Field and its subclasses. */
export function fieldJson(base: string, list: ListRow, f: FieldDef): Json {
  const path = `Web/Lists(guid'${list.id}')/Fields(guid'${f.id}')`;
  const json: Json = {
    'odata.type': fieldODataType(f),
    'odata.id': `${base}${path}`,
    'odata.editLink': path,
    CanBeDeleted: !f.builtIn,
    DefaultValue: f.defaultValue ?? null,
    Description: f.description,
    EnforceUniqueValues: f.unique,
    EntityPropertyName: f.internalName,
    FieldTypeKind: typeKindOf[f.kind],
    Hidden: f.hidden,
    Id: f.id,
    Indexed: f.indexed,
    InternalName: f.internalName,
    ReadOnlyField: f.readOnly,
    Required: f.required,
    SchemaXml:
      f.schemaXml ?? `<Field Type="${typeAsString(f)}" DisplayName="${f.title}" Name="${f.internalName}" />`,
    StaticName: f.internalName,
    Title: f.title,
    TypeAsString: typeAsString(f),
  };
  if (f.maxLength !== undefined) json.MaxLength = f.maxLength;
  if (f.choices) json.Choices = f.choices;
  if (f.min !== undefined) json.MinimumValue = f.min;
  if (f.max !== undefined) json.MaximumValue = f.max;
  if (f.kind === 'Lookup' || f.kind === 'User') {
    json.AllowMultipleValues = f.multi;
    json.LookupField = f.lookupField ?? 'Title';
    json.LookupList = f.kind === 'User' ? 'UserInfo' : `{${f.lookupListId ?? ''}}`;
  }
  if (f.kind === 'User') json.SelectionMode = f.selectionMode ?? 0;
  if (f.kind === 'DateTime') {
    json.DateTimeCalendarType = 1;
    json.DisplayFormat = isDateOnly(f) ? 0 : 1;
    json.FriendlyDisplayFormat = 0;
  }
  return json;
}

/** SP.User. */
export function userJson(base: string, u: SiteUser): Json {
  return {
    'odata.type': 'SP.User',
    'odata.id': `${base}Web/GetUserById(${u.id})`,
    'odata.editLink': `Web/GetUserById(${u.id})`,
    Id: u.id,
    IsHiddenInUI: false,
    LoginName: u.loginName,
    Title: u.title,
    PrincipalType: 1,
    Email: u.email,
    Expiration: '',
    IsEmailAuthenticationGuestUser: false,
    IsShareByEmailGuestUser: false,
    IsSiteAdmin: u.isSiteAdmin,
    UserId: { NameId: u.id.toString(16).padStart(16, '0'), NameIdIssuer: 'urn:federation:microsoftonline' },
    // The Entra object id (CSOM User.AadObjectId, a UserIdInfo); null for people the directory has none for.
    AadObjectId: u.objectId ? { NameId: u.objectId, NameIdIssuer: 'urn:federation:microsoftonline' } : null,
    // The sign-in name from the claims login: it may differ from Email, as in Entra ID.
    UserPrincipalName: u.loginName.includes('|membership|')
      ? u.loginName.slice(u.loginName.lastIndexOf('|') + 1)
      : null,
  };
}

/** The annotations SharePoint puts on a list item. */
export function itemMeta(base: string, list: ListRow, item: ItemRow): Json {
  const path = `Web/Lists(guid'${list.id}')/Items(${item.id})`;
  return {
    'odata.type': entityTypeName(list),
    'odata.id': `${base}${path}`,
    'odata.etag': etagOf(item.version),
    'odata.editLink': path,
  };
}

type Flavour = 'minimal' | 'verbose' | 'none';

/** Which JSON flavour the client asked for in Accept. */
export function flavourOf(req: Pick<SpRequest, 'headers'>): Flavour {
  const accept = req.headers.accept ?? '';
  if (/odata=verbose/i.test(accept)) return 'verbose';
  if (/odata=nometadata/i.test(accept)) return 'none';
  return 'minimal';
}

function toVerbose(value: unknown): unknown {
  if (Array.isArray(value)) return { results: value.map(toVerbose) };
  if (!value || typeof value !== 'object') return value;
  const src = value as Json;
  const out: Json = {};
  if (typeof src['odata.type'] === 'string') {
    const id = src['odata.id'] ?? src['odata.editLink'];
    out.__metadata = {
      ...(id ? { id, uri: id } : {}),
      ...(src['odata.etag'] ? { etag: src['odata.etag'] } : {}),
      type: src['odata.type'],
    };
  }
  for (const [k, v] of Object.entries(src)) {
    if (!k.startsWith('odata.')) out[k] = toVerbose(v);
  }
  return out;
}

function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json)
      .filter(([k]) => !k.startsWith('odata.'))
      .map(([k, v]) => [k, stripMetadata(v)]),
  );
}

const contentTypes: Record<Flavour, string> = {
  minimal: 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8',
  verbose: 'application/json;odata=verbose;charset=utf-8',
  none: 'application/json;odata=nometadata;streaming=true;charset=utf-8',
};

/** A single-entity response in the flavour the client asked for. */
export function entityResponse(
  req: SpRequest,
  status: number,
  entity: Json,
  headers: Record<string, string> = {},
): SpResponse {
  const flavour = flavourOf(req);
  const body =
    flavour === 'verbose' ? { d: toVerbose(entity) } : flavour === 'none' ? stripMetadata(entity) : entity;
  return {
    status,
    headers: { 'Content-Type': contentTypes[flavour], ...headers },
    body: JSON.stringify(body),
  };
}

/** A collection response (`value` / `d.results`), with `odata.nextLink` / `__next` when more pages exist. */
export function collectionResponse(
  req: SpRequest,
  entities: Json[],
  metadata: string,
  nextLink?: string,
): SpResponse {
  const flavour = flavourOf(req);
  let body: unknown;
  if (flavour === 'verbose') {
    body = { d: { results: entities.map(toVerbose), ...(nextLink ? { __next: nextLink } : {}) } };
  } else {
    body = {
      ...(flavour === 'minimal' ? { 'odata.metadata': metadata } : {}),
      value: flavour === 'none' ? stripMetadata(entities) : entities,
      ...(nextLink ? { 'odata.nextLink': nextLink } : {}),
    };
  }
  return { status: 200, headers: { 'Content-Type': contentTypes[flavour] }, body: JSON.stringify(body) };
}

/** An empty success (204), optionally carrying the new ETag. */
export function noContent(etag?: string): SpResponse {
  return { status: 204, headers: etag ? { ETag: etag } : {}, body: '' };
}
