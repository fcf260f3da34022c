/**
 * Controls and actions: items in their own lists with an indexed lookup to the parent risk and
 * the risk's register and reference repeated (for threshold-safe filters and readable audit).
 */
import type { Control, RiskAction } from '../domain/types';
import { appendAudit, changesToAudit, versionOf } from './audit-log';
import { actionRow, controlRow, diffRows, payloadOf, type Parent, type Row } from './item-codec';
import { addItem, deleteItem, getItem, updateItem } from './item-writes';
import { readItem } from './list-reader';
import type { Actor, AuditSource as Source, Stored } from '../ports';
import { restoreAction, restoreControl, type Item } from './restore';
import { F, ListTitles } from './schema';
import type { SiteCalendar } from './site-calendar';
import { calendarFor, checkRow, writeChecks, type StoreContext } from './store-context';
import { toStorageError } from './errors';

type Kind = 'control' | 'action';

const spec = {
  control: { list: ListTitles.controls, fields: F.controls },
  action: { list: ListTitles.actions, fields: F.actions },
} as const;

async function parentOfRisk(ctx: StoreContext, riskId: number): Promise<Parent> {
  try {
    const item = await readItem(ctx.sp, ListTitles.risks, riskId);
    return { riskId, register: String(item[F.risks.register]), reference: String(item[F.risks.reference]) };
  } catch (err) {
    throw toStorageError(err, { operation: `find risk ${riskId}`, list: ListTitles.risks, itemId: riskId });
  }
}

function parentOfItem(item: Item): Parent {
  return {
    riskId: Number(item.RiskId),
    register: String(item[F.controls.register] ?? ''),
    reference: String(item[F.controls.riskReference] ?? ''),
  };
}

async function rowFor(
  ctx: StoreContext,
  kind: Kind,
  parent: Parent,
  value: Control | RiskAction,
): Promise<Row> {
  const owners = await ctx.people(value.owners, `${kind} owners`, parent.reference);
  return kind === 'control'
    ? controlRow(parent, { ...(value as Control), owners })
    : actionRow(parent, { ...(value as RiskAction), owners }, await calendarFor(ctx));
}

function restoreChild<T>(kind: Kind, item: Item, cal: SiteCalendar): Stored<T> {
  const restored = kind === 'control' ? restoreControl(item) : restoreAction(item, [], cal);
  const { riskId: _riskId, ...rest } = restored;
  return rest as unknown as Stored<T>;
}

async function addChild<T extends Control | RiskAction>(
  ctx: StoreContext,
  kind: Kind,
  riskId: number,
  value: T,
  actor: Actor,
  source: Source,
): Promise<Stored<T>> {
  const parent = await parentOfRisk(ctx, riskId);
  (await writeChecks()).checkChild(kind, value, parent.reference);
  const row = await rowFor(ctx, kind, parent, value);
  checkRow(spec[kind].list, row, parent.reference);
  const item = await addItem(ctx.sp, spec[kind].list, payloadOf(row), {
    operation: `add ${kind} '${value.title}' to risk ${parent.reference}`,
    list: spec[kind].list,
  });
  await appendAudit(
    ctx.sp,
    changesToAudit(diffRows(undefined, row), {
      actor,
      source,
      entity: kind,
      entityId: Number(item.Id),
      risk: { id: parent.riskId, reference: parent.reference, register: parent.register },
      version: versionOf(item),
    }),
  );
  return restoreChild<T>(kind, item, await calendarFor(ctx));
}

async function updateChild<T extends Control | RiskAction>(
  ctx: StoreContext,
  kind: Kind,
  id: number,
  value: T,
  etag: string,
  actor: Actor,
  source: Source,
): Promise<Stored<T>> {
  const list = spec[kind].list;
  const current = await getItem(ctx.sp, list, id, { operation: `read ${kind} ${id}`, list, itemId: id });
  const parent = parentOfItem(current);
  (await writeChecks()).checkChild(kind, value, parent.reference);
  const cal = await calendarFor(ctx);
  const beforeValue = restoreChild<T>(kind, current, cal);
  const before = await rowFor(ctx, kind, parent, beforeValue);
  const after = await rowFor(ctx, kind, parent, value);
  checkRow(list, after, parent.reference);
  const changes = diffRows(before, after);
  const operation = `update ${kind} '${beforeValue.title}' of risk ${parent.reference}`;
  const item = await updateItem(
    ctx.sp,
    list,
    id,
    payloadOf(
      after,
      changes.map((c) => c.field),
    ),
    etag,
    { operation, list, itemId: id },
    (i) => restoreChild<T>(kind, i, cal),
  );
  await appendAudit(
    ctx.sp,
    changesToAudit(changes, {
      actor,
      source,
      entity: kind,
      entityId: id,
      risk: { id: parent.riskId, reference: parent.reference, register: parent.register },
      version: versionOf(item),
    }),
  );
  return restoreChild<T>(kind, item, cal);
}

async function deleteChild(
  ctx: StoreContext,
  kind: Kind,
  id: number,
  etag: string,
  actor: Actor,
  source: Source,
): Promise<void> {
  const list = spec[kind].list;
  const current = await getItem(ctx.sp, list, id, { operation: `read ${kind} ${id}`, list, itemId: id });
  const parent = parentOfItem(current);
  const title = String(current.Title ?? '');
  const cal = await calendarFor(ctx);
  await deleteItem(
    ctx.sp,
    list,
    id,
    etag,
    { operation: `delete ${kind} '${title}' of risk ${parent.reference}`, list, itemId: id },
    (i) => restoreChild(kind, i, cal),
  );
  await appendAudit(
    ctx.sp,
    changesToAudit([{ field: '(deleted)', oldValue: title, newValue: '' }], {
      actor,
      source,
      entity: kind,
      entityId: id,
      risk: { id: parent.riskId, reference: parent.reference, register: parent.register },
      version: `deleted ${etag}`,
    }),
  );
}

export const addControl = (
  ctx: StoreContext,
  riskId: number,
  c: Control,
  actor: Actor,
  source: Source = 'tab',
) => addChild<Control>(ctx, 'control', riskId, c, actor, source);
export const updateControl = (
  ctx: StoreContext,
  id: number,
  c: Control,
  etag: string,
  actor: Actor,
  source: Source = 'tab',
) => updateChild<Control>(ctx, 'control', id, c, etag, actor, source);
export const deleteControl = (
  ctx: StoreContext,
  id: number,
  etag: string,
  actor: Actor,
  source: Source = 'tab',
) => deleteChild(ctx, 'control', id, etag, actor, source);
export const addAction = (
  ctx: StoreContext,
  riskId: number,
  a: RiskAction,
  actor: Actor,
  source: Source = 'tab',
) => addChild<RiskAction>(ctx, 'action', riskId, a, actor, source);
export const updateAction = (
  ctx: StoreContext,
  id: number,
  a: RiskAction,
  etag: string,
  actor: Actor,
  source: Source = 'tab',
) => updateChild<RiskAction>(ctx, 'action', id, a, etag, actor, source);
export const deleteAction = (
  ctx: StoreContext,
  id: number,
  etag: string,
  actor: Actor,
  source: Source = 'tab',
) => deleteChild(ctx, 'action', id, etag, actor, source);

/** A stored control or action with the id of its risk (the review service authorises writes by it). */
export async function getChild(
  ctx: StoreContext,
  kind: Kind,
  id: number,
): Promise<{ value: Stored<Control | RiskAction>; riskId: number }> {
  const list = spec[kind].list;
  const item = await getItem(ctx.sp, list, id, { operation: `read ${kind} ${id}`, list, itemId: id });
  const cal = await calendarFor(ctx);
  return { value: restoreChild<Control | RiskAction>(kind, item, cal), riskId: parentOfItem(item).riskId };
}
