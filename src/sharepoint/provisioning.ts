/**
 * Idempotent provisioning: makes a site match schema.ts. It adds what is missing (lists, fields,
 * indexes, unique keys, versioning, a default settings item per register) and never deletes,
 * retypes or rewrites anything that exists, so running it twice changes nothing and a newer
 * schema only adds. Used by `npm run provision`, the local stack and tests.
 */
import type { SPFI } from '@pnp/sp';
import '@pnp/sp/fields';
import '@pnp/sp/views/list';
import { appendAudit, versionOf } from './audit-log';
import { httpStatus, toStorageError } from './errors';
import { diffRows, payloadOf, settingsRow } from './item-codec';
import { odataString, readAll } from './list-reader';
import {
  displayName,
  F,
  lists as schemaLists,
  ListTitles,
  textMax,
  type FieldSpec,
  type ListSpec,
} from './schema';
import { defaultSettings, parseSettingsJson } from './settings-codec';
import { ensureListPermissions, type PermissionOptions } from './provisioning-permissions';

export type ProvisionOptions = {
  /** Registers that must have a settings item; a default one is added only when missing. */
  registers?: string[];
  councilName?: string;
  /** Progress lines; default: nothing. */
  log?: (line: string) => void;
  /** Lists to provision; default: the whole schema (tests pass an older subset to simulate upgrades). */
  lists?: readonly ListSpec[];
  /**
   * The register lists' permissions (provisioning-permissions.ts): people Read, the review service
   * Contribute, the managers' group created. `npm run provision` and the local stack always pass it;
   * omitted, permissions are left alone (tests that seed lists as a site member). Needs Manage
   * Permissions on the site: a site owner, or the app with Sites.Selected 'fullcontrol'.
   */
  permissions?: PermissionOptions | false;
};

export type ProvisionResult = {
  /** What was added or changed, one line each; empty means the site already matched. */
  changes: string[];
  /** Things left alone that a person should look at (e.g. a column of another type, corrupt settings). */
  warnings: string[];
};

type FieldInfo = {
  InternalName: string;
  TypeAsString: string;
  Indexed?: boolean;
  EnforceUniqueValues?: boolean;
};

const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The `<Field>` SchemaXml for a spec: internal name from `Name` (honoured because we pass
 * AddFieldInternalNameHint), and a readable DisplayName for people using SharePoint's own list.
 */
export function fieldXml(f: FieldSpec, lookupListId?: string): string {
  const attrs: Record<string, string> = {
    Type: f.kind,
    Name: f.name,
    StaticName: f.name,
    DisplayName: displayName(f.name),
  };
  if (f.kind === 'Text') attrs.MaxLength = String(f.maxLength ?? textMax);
  if (f.kind === 'Note') Object.assign(attrs, { NumLines: '6', RichText: 'FALSE' });
  if (f.kind === 'DateTime') attrs.Format = f.dateOnly ? 'DateOnly' : 'DateTime';
  if (f.kind === 'User' || f.kind === 'UserMulti') attrs.UserSelectionMode = 'PeopleOnly';
  if (f.kind === 'UserMulti') attrs.Mult = 'TRUE';
  if (f.kind === 'Choice') attrs.Format = 'Dropdown';
  if (f.min !== undefined) attrs.Min = String(f.min);
  if (f.max !== undefined) attrs.Max = String(f.max);
  if (f.kind === 'Lookup' && lookupListId)
    Object.assign(attrs, { List: `{${lookupListId}}`, ShowField: 'Title' });
  if (f.required) attrs.Required = 'TRUE';
  if (f.indexed || f.unique) attrs.Indexed = 'TRUE';
  if (f.unique) attrs.EnforceUniqueValues = 'TRUE';
  const open = `<Field ${Object.entries(attrs)
    .map(([k, v]) => `${k}="${xmlEscape(v)}"`)
    .join(' ')}`;
  if (f.kind !== 'Choice' || !f.choices) return `${open} />`;
  const choices = f.choices.map((c) => `<CHOICE>${xmlEscape(c)}</CHOICE>`).join('');
  return `${open}><CHOICES>${choices}</CHOICES></Field>`;
}

// SharePoint's AddFieldOptions (SP.AddFieldOptions): AddFieldInternalNameHint takes the internal
// name from Name; AddFieldToDefaultView puts the column in the list's default view. Fields added
// without it exist but do not show in SharePoint's own list.
const addFieldInternalNameHint = 8;
const addFieldToDefaultView = 16;

async function ensureList(
  sp: SPFI,
  spec: ListSpec,
  result: ProvisionResult,
  log: (s: string) => void,
): Promise<string> {
  const list = sp.web.lists.getByTitle(spec.title);
  try {
    const info = (await list.select('Id', 'Title', 'EnableVersioning')()) as {
      Id: string;
      EnableVersioning?: boolean;
    };
    if (info.EnableVersioning === false) {
      await list.update({ EnableVersioning: true });
      result.changes.push(`${spec.title}: versioning turned on`);
      log(`  ${spec.title}: versioning turned on`);
    }
    return info.Id;
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
  }
  const created = (await sp.web.lists.add(spec.title, spec.description, 100, false, {
    EnableVersioning: true,
  })) as {
    Id: string;
  };
  result.changes.push(`${spec.title}: list created`);
  log(`  ${spec.title}: list created`);
  return created.Id;
}

async function ensureFields(
  sp: SPFI,
  spec: ListSpec,
  listIds: Map<string, string>,
  result: ProvisionResult,
  log: (s: string) => void,
): Promise<void> {
  const list = sp.web.lists.getByTitle(spec.title);
  const existing = (await list.fields.select(
    'InternalName',
    'TypeAsString',
    'Indexed',
    'EnforceUniqueValues',
  )()) as FieldInfo[];
  const byName = new Map(existing.map((f) => [f.InternalName.toLowerCase(), f]));
  for (const f of spec.fields) {
    const found = byName.get(f.name.toLowerCase());
    if (!found) {
      const lookupId = f.lookupList ? listIds.get(f.lookupList) : undefined;
      if (f.lookupList && !lookupId)
        throw new Error(`Lookup target '${f.lookupList}' of ${spec.title}.${f.name} is not provisioned.`);
      await list.fields.createFieldAsXml({
        SchemaXml: fieldXml(f, lookupId),
        Options: addFieldInternalNameHint | (spec.view.includes(f.name) ? addFieldToDefaultView : 0),
      });
      result.changes.push(
        `${spec.title}.${f.name}: field added (${f.kind}${f.indexed ? ', indexed' : ''}${f.unique ? ', unique' : ''})`,
      );
      log(`  ${spec.title}.${f.name}: field added`);
      continue;
    }
    if (found.TypeAsString && found.TypeAsString !== f.kind) {
      result.warnings.push(
        `${spec.title}.${f.name} is a ${found.TypeAsString} column but the schema expects ${f.kind}; ` +
          'left unchanged (retyping could lose data). Rename or migrate the column by hand.',
      );
      continue;
    }
    const wantIndexed = !!(f.indexed || f.unique);
    const patch: Record<string, boolean> = {};
    if (wantIndexed && !found.Indexed) patch.Indexed = true;
    if (f.unique && !found.EnforceUniqueValues) patch.EnforceUniqueValues = true;
    if (Object.keys(patch).length) {
      await list.fields.getByInternalNameOrTitle(f.name).update(patch);
      const what = Object.keys(patch).join(' + ');
      result.changes.push(`${spec.title}.${f.name}: ${what} set`);
      log(`  ${spec.title}.${f.name}: ${what} set`);
    }
  }
}

/**
 * Puts the spec's user-facing columns into the list's default view when they are missing (a site
 * provisioned before the view was part of the schema, or a column someone removed from it).
 */
async function ensureDefaultView(
  sp: SPFI,
  spec: ListSpec,
  result: ProvisionResult,
  log: (s: string) => void,
): Promise<void> {
  const viewFields = sp.web.lists.getByTitle(spec.title).defaultView.fields;
  const shown = new Set(((await viewFields()) as { Items?: string[] }).Items ?? []);
  const missing = spec.view.filter((name) => !shown.has(name));
  for (const name of missing) await viewFields.add(name);
  if (missing.length) {
    result.changes.push(`${spec.title}: default view shows ${missing.join(', ')}`);
    log(`  ${spec.title}: default view shows ${missing.join(', ')}`);
  }
}

async function ensureSettings(
  sp: SPFI,
  register: string,
  councilName: string,
  result: ProvisionResult,
  log: (s: string) => void,
): Promise<void> {
  const st = F.settings;
  const items = await readAll(sp, ListTitles.settings, {
    filter: `${st.register} eq ${odataString(register)}`,
  });
  const current = items[0];
  if (current) {
    const parsed = parseSettingsJson(
      typeof current[st.json] === 'string' ? (current[st.json] as string) : '',
    );
    if (!parsed.ok) {
      result.warnings.push(
        `Settings of register '${register}' (item ${String(current.Id)}) are not valid: ${parsed.problems.join('; ')}. ` +
          'They were left untouched; fix them in the settings view or the SettingsJson column.',
      );
    }
    return;
  }
  const row = settingsRow(defaultSettings(register, councilName));
  const added = (await sp.web.lists.getByTitle(ListTitles.settings).items.add(payloadOf(row))) as {
    Id: number;
    [k: string]: unknown;
  };
  await appendAudit(
    sp,
    diffRows(undefined, row).map((c) => ({
      by: 'provisioning',
      entity: 'settings' as const,
      entityId: added.Id,
      register,
      version: versionOf(added),
      field: c.field,
      oldValue: c.oldValue,
      newValue: c.newValue,
      source: 'provisioning' as const,
    })),
  );
  result.changes.push(`${ListTitles.settings}: default settings added for register '${register}'`);
  log(`  ${ListTitles.settings}: default settings added for register '${register}'`);
}

/**
 * Makes the site match the schema, adding only what is missing. Returns what changed; an empty
 * `changes` means the site was already up to date.
 */
export async function provision(sp: SPFI, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const log = options.log ?? (() => undefined);
  const result: ProvisionResult = { changes: [], warnings: [] };
  const specs = options.lists ?? schemaLists;
  const listIds = new Map<string, string>();
  try {
    // Lists first (all of them) so every lookup target exists before fields are added.
    for (const spec of specs) {
      log(`List ${spec.title}`);
      listIds.set(spec.title, await ensureList(sp, spec, result, log));
    }
    for (const spec of specs) {
      log(`Fields of ${spec.title}`);
      await ensureFields(sp, spec, listIds, result, log);
      await ensureDefaultView(sp, spec, result, log);
    }
    if (specs.some((s) => s.title === ListTitles.settings)) {
      for (const register of options.registers ?? []) {
        log(`Settings of register '${register}'`);
        await ensureSettings(sp, register, options.councilName ?? '', result, log);
      }
    }
    if (options.permissions) await ensureListPermissions(sp, options.permissions, result, specs, log);
  } catch (err) {
    throw toStorageError(err, { operation: 'provision the register lists' });
  }
  log(
    result.changes.length
      ? `Done: ${result.changes.length} change(s).`
      : 'Done: no changes (the site already matches the schema).',
  );
  for (const w of result.warnings) log(`Warning: ${w}`);
  return result;
}
