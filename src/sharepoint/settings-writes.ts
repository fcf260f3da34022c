/**
 * Saving a register's settings: validation, the matrix-change guard and history, the write and its
 * audit. Its own module so the stores load it on first save, not with the first screen.
 */
import type { RegisterSettings } from '../domain/types';
import { withMatrixHistory } from '../domain/matrix-change';
import type { Actor, Stored } from '../ports';
import { appendAudit, changesToAudit, versionOf } from './audit-log';
import { ValidationError } from './errors';
import { diffRows, payloadOf, settingsRow } from './item-codec';
import { addItem, updateItem } from './item-writes';
import { readAll } from './list-reader';
import { restoreSettings } from './restore-settings';
import { F, ListTitles } from './schema';
import { validateSettings } from './settings-codec';
import type { StoreContext } from './store-context';

/**
 * Validates and saves `input` (creates it when `etag` is undefined), audited; a changed matrix is
 * refused when it strands a rating unless this is the migration itself (`options.migration`).
 */
export async function saveSettings(
  ctx: StoreContext,
  input: RegisterSettings,
  etag: string | undefined,
  actor: Actor,
  options: { migration?: boolean } = {},
): Promise<Stored<RegisterSettings>> {
  let settings = input;
  const problems = validateSettings(settings);
  if (problems.length) {
    throw new ValidationError(
      `The settings of register '${settings.register}' are not valid: ${problems.join('; ')}.`,
      problems[0]?.split(':')[0],
      settings.register,
    );
  }
  let row = settingsRow(settings);
  const audit = {
    actor,
    source: 'tab' as const,
    entity: 'settings' as const,
    register: settings.register,
  };
  ctx.settings.delete(settings.register.toLowerCase());
  if (etag === undefined) {
    const item = await addItem(ctx.sp, ListTitles.settings, payloadOf(row), {
      operation: `create the settings of register '${settings.register}'`,
      list: ListTitles.settings,
    });
    await appendAudit(
      ctx.sp,
      changesToAudit(diffRows(undefined, row), {
        ...audit,
        entityId: Number(item.Id),
        version: versionOf(item),
      }),
    );
    return restoreSettings(item);
  }
  // The stored JSON may be corrupt; the new settings replace it, and the audit keeps the old text.
  const items = await readAll(ctx.sp, ListTitles.settings, {
    filter: `${F.settings.register} eq '${settings.register.replace(/'/g, "''")}'`,
  });
  const current = items[0];
  if (!current) return saveSettings(ctx, settings, undefined, actor);
  const stored = storedSettings(current);
  if (stored) {
    // A matrix change is a migration: refused when it strands a rating, unless changeMatrix maps them;
    // the replaced matrix is kept so snapshots are read on the matrix they were recorded on.
    if (!options.migration)
      await (await import('./matrix-change')).refuseStrandingChange(ctx, stored.matrix, settings);
    settings = withMatrixHistory(stored, settings, new Date().toISOString());
    row = settingsRow(settings);
  }
  const before = {
    ...row,
    [F.settings.json]: {
      key: F.settings.json,
      value: current[F.settings.json],
      display: String(current[F.settings.json] ?? ''),
    },
    [F.settings.schemaVersion]: {
      key: F.settings.schemaVersion,
      value: current[F.settings.schemaVersion] ?? null,
      display: String(current[F.settings.schemaVersion] ?? ''),
    },
  };
  const changes = diffRows(before, row);
  const id = Number(current.Id);
  const item = await updateItem(
    ctx.sp,
    ListTitles.settings,
    id,
    payloadOf(
      row,
      changes.map((c) => c.field),
    ),
    etag,
    {
      operation: `save the settings of register '${settings.register}'`,
      list: ListTitles.settings,
      itemId: id,
    },
    (i) => {
      try {
        return restoreSettings(i);
      } catch {
        return undefined;
      }
    },
  );
  await appendAudit(ctx.sp, changesToAudit(changes, { ...audit, entityId: id, version: versionOf(item) }));
  const saved = restoreSettings(item);
  ctx.settings.set(saved.register.toLowerCase(), saved);
  return saved;
}

/** The stored settings of an item, or undefined when its JSON is unreadable (the new settings replace it). */
function storedSettings(item: Record<string, unknown>): RegisterSettings | undefined {
  try {
    return restoreSettings(item);
  } catch {
    return undefined;
  }
}
