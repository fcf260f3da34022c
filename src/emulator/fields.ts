/**
 * The column model: how fields are created from the three request shapes PnPjs sends
 * (verbose `fields` POST, `fields/AddField` parameters, `createfieldasxml` SchemaXml), how they
 * are updated, and SharePoint's built-in columns every list has.
 */
import { randomUUID } from 'node:crypto';
import { badRequest } from './errors';
import { parseSchemaXml } from './schema-xml';

export type FieldKind =
  | 'Integer'
  | 'Text'
  | 'Note'
  | 'DateTime'
  | 'Counter'
  | 'Choice'
  | 'Lookup'
  | 'Boolean'
  | 'Number'
  | 'Currency'
  | 'MultiChoice'
  | 'User';

export type FieldDef = {
  id: string;
  internalName: string;
  title: string;
  kind: FieldKind;
  /** Lookup and User columns holding several values (LookupMulti / UserMulti). */
  multi: boolean;
  indexed: boolean;
  unique: boolean;
  required: boolean;
  readOnly: boolean;
  hidden: boolean;
  builtIn: boolean;
  description: string;
  maxLength?: number;
  choices?: string[];
  min?: number;
  max?: number;
  defaultValue?: string | null;
  lookupListId?: string;
  lookupField?: string;
  /** User columns: 0 people only, 1 people and groups. */
  selectionMode?: number;
  /**
   * DateTime columns: SP.FieldDateTime.DisplayFormat, 0 DateOnly (stored as local midnight in the
   * site's time zone) or 1 DateTime. Undefined reads as DateTime.
   */
  displayFormat?: 0 | 1;
  schemaXml?: string;
};

const kindByTypeKind: Record<number, FieldKind> = {
  1: 'Integer',
  2: 'Text',
  3: 'Note',
  4: 'DateTime',
  5: 'Counter',
  6: 'Choice',
  7: 'Lookup',
  8: 'Boolean',
  9: 'Number',
  10: 'Currency',
  15: 'MultiChoice',
  20: 'User',
};

/** FieldTypeKind numbers as SharePoint reports them. */
export const typeKindOf: Record<FieldKind, number> = Object.fromEntries(
  Object.entries(kindByTypeKind).map(([n, k]) => [k, Number(n)]),
) as Record<FieldKind, number>;

/** The `odata.type` SharePoint gives each column class. */
export function fieldODataType(f: FieldDef): string {
  const byKind: Partial<Record<FieldKind, string>> = {
    Text: 'SP.FieldText',
    Note: 'SP.FieldMultiLineText',
    DateTime: 'SP.FieldDateTime',
    Choice: 'SP.FieldChoice',
    MultiChoice: 'SP.FieldMultiChoice',
    Lookup: 'SP.FieldLookup',
    User: 'SP.FieldUser',
    Number: 'SP.FieldNumber',
    Currency: 'SP.FieldCurrency',
    Integer: 'SP.FieldNumber',
  };
  return byKind[f.kind] ?? 'SP.Field';
}

/** TypeAsString, e.g. "UserMulti" for a multi-person column. */
export function typeAsString(f: FieldDef): string {
  if (f.multi && (f.kind === 'Lookup' || f.kind === 'User')) return `${f.kind}Multi`;
  return f.kind;
}

/** Single line of text is limited to 255 characters in SharePoint. */
export const textMaxLength = 255;
/** Multiple lines of text: the commonly cited limit (not verified against SharePoint Online). */
export const noteMaxLength = 63999;

/**
 * SharePoint's internal name for a display name: characters outside [A-Za-z0-9_] become
 * `_xHHHH_` and the result is cut to 32 characters ("Review Date" -> "Review_x0020_Date").
 */
export function encodeInternalName(displayName: string): string {
  let out = '';
  for (const ch of displayName) {
    out += /[A-Za-z0-9_]/.test(ch) ? ch : `_x${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}_`;
  }
  return out.slice(0, 32);
}

function builtIn(internalName: string, kind: FieldKind, extra: Partial<FieldDef> = {}): FieldDef {
  return {
    id: builtInIds[internalName] ?? randomUUID(),
    internalName,
    title: internalName === 'ID' ? 'ID' : internalName === 'Author' ? 'Created By' : internalName,
    kind,
    multi: false,
    indexed: false,
    unique: false,
    required: false,
    readOnly: true,
    hidden: false,
    builtIn: true,
    description: '',
    ...extra,
  };
}

// SharePoint's fixed ids for its built-in columns, so clients that key on them keep working.
const builtInIds: Record<string, string> = {
  ID: '1d22ea11-1e32-424e-89ab-9fedbadb6ce1',
  Title: 'fa564e0f-0c70-4ab9-b863-0177e6ddd247',
  Created: '8c06beca-0777-48f7-91c7-6da68bc07b69',
  Modified: '28cf69c5-fa48-462a-b5cd-27b6f9d2bd5f',
  Author: '1df5e554-ec7e-46a6-901d-d85a3881cb18',
  Editor: 'd31655d1-1d5b-4511-95a1-7a09e9b75bf2',
};

/** The columns every generic list (BaseTemplate 100) starts with. */
export function builtInFields(): FieldDef[] {
  return [
    builtIn('ID', 'Counter', { indexed: true }),
    builtIn('Title', 'Text', { readOnly: false, required: true, maxLength: textMaxLength }),
    // Only ID is indexed out of the box; Created and Modified need an index like any column.
    builtIn('Created', 'DateTime'),
    builtIn('Modified', 'DateTime'),
    builtIn('Author', 'User', { title: 'Created By', lookupField: 'Title' }),
    builtIn('Editor', 'User', { title: 'Modified By', lookupField: 'Title' }),
  ];
}

type Json = Record<string, unknown>;

function asBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return /^(true|1)$/i.test(v);
  if (typeof v === 'number') return v !== 0;
  return undefined;
}

function asNum(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function choicesOf(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.map(String);
  if (v && typeof v === 'object' && Array.isArray((v as Json).results)) {
    return ((v as Json).results as unknown[]).map(String);
  }
  return undefined;
}

/** DisplayFormat as a number (REST) or the SchemaXml Format word (`DateOnly`, `DateTime`). */
function displayFormatOf(v: unknown): 0 | 1 | undefined {
  if (v === 0 || v === '0' || (typeof v === 'string' && /^dateonly$/i.test(v))) return 0;
  if (v === 1 || v === '1' || (typeof v === 'string' && /^datetime$/i.test(v))) return 1;
  return undefined;
}

/**
 * True for a DateTime column shown as a date only. A column stored by an older version of this
 * service has no displayFormat; its SchemaXml still says Format="DateOnly".
 */
export function isDateOnly(f: FieldDef): boolean {
  if (f.kind !== 'DateTime') return false;
  if (f.displayFormat !== undefined) return f.displayFormat === 0;
  return /\bFormat="DateOnly"/i.test(f.schemaXml ?? '');
}

function stripGuid(v: string): string {
  return v.replace(/^\{|\}$/g, '').toLowerCase();
}

/** Applies the settable properties of a field body (create or MERGE) onto a definition. */
export function applyFieldProps(f: FieldDef, props: Json): FieldDef {
  const next: FieldDef = { ...f };
  if (typeof props.Title === 'string') next.title = props.Title;
  if (typeof props.Description === 'string') next.description = props.Description;
  const bools: [string, 'indexed' | 'unique' | 'required' | 'hidden' | 'multi'][] = [
    ['Indexed', 'indexed'],
    ['EnforceUniqueValues', 'unique'],
    ['Required', 'required'],
    ['Hidden', 'hidden'],
    ['AllowMultipleValues', 'multi'],
  ];
  for (const [prop, key] of bools) {
    const b = asBool(props[prop]);
    if (b !== undefined) next[key] = b;
  }
  const maxLength = asNum(props.MaxLength);
  if (maxLength !== undefined) next.maxLength = maxLength;
  const min = asNum(props.MinimumValue);
  if (min !== undefined) next.min = min;
  const max = asNum(props.MaximumValue);
  if (max !== undefined) next.max = max;
  const choices = choicesOf(props.Choices);
  if (choices) next.choices = choices;
  if ('DefaultValue' in props)
    next.defaultValue = props.DefaultValue == null ? null : String(props.DefaultValue);
  const mode = asNum(props.SelectionMode);
  if (mode !== undefined) next.selectionMode = mode;
  const format = displayFormatOf(props.DisplayFormat);
  if (format !== undefined && next.kind === 'DateTime') next.displayFormat = format;
  if (typeof props.LookupListId === 'string') next.lookupListId = stripGuid(props.LookupListId);
  if (typeof props.LookupFieldName === 'string') next.lookupField = props.LookupFieldName;
  if (typeof props.LookupField === 'string') next.lookupField = props.LookupField;
  return next;
}

function newField(title: string, internalName: string, kind: FieldKind): FieldDef {
  return {
    id: randomUUID(),
    internalName,
    title,
    kind,
    multi: false,
    indexed: false,
    unique: false,
    required: false,
    readOnly: false,
    hidden: false,
    builtIn: false,
    description: '',
    ...(kind === 'Text' ? { maxLength: textMaxLength } : {}),
    ...(kind === 'Lookup' || kind === 'User' ? { lookupField: 'Title' } : {}),
  };
}

function kindFromNumber(n: unknown, listTitle: string): FieldKind {
  const kind = kindByTypeKind[Number(n)];
  if (!kind) {
    throw badRequest(
      `FieldTypeKind ${String(n)} is not supported by the local list service (list '${listTitle}'). ` +
        'Use 1-10, 15 or 20.',
    );
  }
  return kind;
}

/** From the verbose `POST fields` body (addText, addNumber, addChoice, addUser, addDateTime...). */
export function fieldFromVerbose(body: Json, listTitle: string): FieldDef {
  const title = body.Title;
  if (typeof title !== 'string' || !title.trim()) {
    throw badRequest(`A new field on list '${listTitle}' needs a Title.`);
  }
  const kind = kindFromNumber(body.FieldTypeKind, listTitle);
  return applyFieldProps(newField(title, encodeInternalName(title), kind), body);
}

// SP.FieldCreationInformation has only these properties; anything else fails as in SharePoint.
const creationInfoProps = new Set([
  'Title',
  'FieldTypeKind',
  'Required',
  'Choices',
  'LookupListId',
  'LookupFieldName',
  'LookupWebId',
  'IsCompactName',
]);

/** From `fields/AddField {parameters:{...}}` (addLookup and friends). */
export function fieldFromCreationInfo(params: Json, listTitle: string): FieldDef {
  for (const key of Object.keys(params)) {
    if (key !== '__metadata' && !creationInfoProps.has(key)) {
      throw badRequest(
        `The property '${key}' does not exist on type 'SP.FieldCreationInformation'. ` +
          'Make sure to only use property names that are defined by the type; set it with a field update afterwards.',
      );
    }
  }
  const field = fieldFromVerbose(params, listTitle);
  if (field.kind === 'Lookup' && !field.lookupListId) {
    throw badRequest(`Lookup field '${field.title}' on list '${listTitle}' needs LookupListId.`);
  }
  return field;
}

const xmlTypes: Record<string, [FieldKind, boolean]> = {
  Text: ['Text', false],
  Note: ['Note', false],
  DateTime: ['DateTime', false],
  Choice: ['Choice', false],
  MultiChoice: ['MultiChoice', false],
  Lookup: ['Lookup', false],
  LookupMulti: ['Lookup', true],
  User: ['User', false],
  UserMulti: ['User', true],
  Boolean: ['Boolean', false],
  Number: ['Number', false],
  Integer: ['Integer', false],
  Currency: ['Currency', false],
};

// AddFieldOptions.AddFieldInternalNameHint: only then does SharePoint take the Name attribute.
const internalNameHint = 8;

/**
 * From `createfieldasxml {parameters:{SchemaXml, Options}}`. As in SharePoint, the internal name
 * comes from DisplayName unless Options includes AddFieldInternalNameHint (8), then from Name.
 * `resolveList` turns the List attribute (a guid or a list title/URL) into a list id.
 */
export function fieldFromSchemaXml(
  params: Json,
  listTitle: string,
  resolveList: (ref: string) => string | undefined,
): FieldDef {
  const xml = params.SchemaXml;
  if (typeof xml !== 'string') {
    throw badRequest(
      `createfieldasxml on list '${listTitle}' needs parameters.SchemaXml (a <Field .../> string).`,
    );
  }
  const parsed = parseSchemaXml(xml);
  const a = parsed.attributes;
  const typeInfo = xmlTypes[a.Type ?? ''];
  if (!typeInfo) {
    throw badRequest(`SchemaXml Type '${a.Type ?? ''}' is not supported by the local list service.`);
  }
  const display = a.DisplayName ?? a.Name ?? a.StaticName;
  if (!display) throw badRequest(`SchemaXml on list '${listTitle}' needs DisplayName or Name.`);
  const options = Number(params.Options ?? 0);
  const hinted = (options & internalNameHint) !== 0 ? (a.Name ?? a.StaticName) : undefined;
  const field = newField(display, encodeInternalName(hinted ?? display), typeInfo[0]);
  field.multi = typeInfo[1] || /^true$/i.test(a.Mult ?? '');
  field.schemaXml = xml;
  if (a.ID) field.id = stripGuid(a.ID);
  if (a.List) {
    const listId = resolveList(a.List);
    if (!listId) throw badRequest(`SchemaXml List '${a.List}' does not name an existing list.`);
    field.lookupListId = listId;
  }
  return applyFieldProps(field, {
    Indexed: a.Indexed,
    EnforceUniqueValues: a.EnforceUniqueValues,
    Required: a.Required,
    Hidden: a.Hidden,
    MaxLength: a.MaxLength,
    MinimumValue: a.Min,
    MaximumValue: a.Max,
    Description: a.Description,
    DisplayFormat: a.Format,
    LookupField: a.ShowField,
    SelectionMode:
      a.UserSelectionMode === 'PeopleAndGroups' ? 1 : a.UserSelectionMode === undefined ? undefined : 0,
    ...(parsed.choices.length ? { Choices: parsed.choices } : {}),
    ...(parsed.defaultValue !== undefined ? { DefaultValue: parsed.defaultValue } : {}),
  });
}
