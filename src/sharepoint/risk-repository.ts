/**
 * Risks: read (with controls and actions in one `$batch`), create, update, close and merge.
 * Every write sends the ETag that was read and appends one audit entry per changed column.
 */
import type { Risk } from '../domain/types';
import { appendAudit, changesToAudit, versionOf } from './audit-log';
import { ConflictError, NotFoundError, ValidationError, toStorageError } from './errors';
import { actionRow, controlRow, diffRows, payloadOf, riskRow, type Parent } from './item-codec';
import { addItem, updateItem } from './item-writes';
import { firstPage, followPages, odataString, selectFor, type Page } from './list-reader';
import type { Actor, AuditEntry, RiskPatch, StoredRisk } from '../ports';
import { restoreAction, restoreControl, restoreRisk, type Item, type RestoreReport } from './restore';
import { F, ListTitles, riskKey } from './schema';
import type { SiteCalendar } from './site-calendar';
import {
  calendarFor,
  checkRatings,
  checkRow,
  matrixFor,
  readWithCalendar,
  type StoreContext,
  writeChecks,
} from './store-context';

const rf = F.risks;

/** Item -> StoredRisk, throwing when the stored risk is unusable (no reference/register). */
export function restoreRiskStrict(item: Item, cal: SiteCalendar, report: RestoreReport = []): StoredRisk {
  const risk = restoreRisk(item, undefined, report, cal);
  if (!risk) {
    throw new NotFoundError(
      `Risk item ${String(item.Id)} is missing its reference or register (${report.map((r) => r.problem).join('; ')}). ` +
        'Fix it in the Risks list.',
    );
  }
  return risk;
}

/** One risk with its controls and actions: three GETs in one `$batch`. */
export async function getRisk(ctx: StoreContext, id: number): Promise<StoredRisk> {
  const { select, expand } = selectFor(ListTitles.risks);
  const byRisk = { filter: `${F.controls.risk}Id eq ${id}` };
  let item: Item, controls: Page, actions: Page, cal: SiteCalendar;
  try {
    const read = await readWithCalendar<Item | Page>(ctx, [
      (s) =>
        s.web.lists
          .getByTitle(ListTitles.risks)
          .items.getById(id)
          .select(...select)
          .expand(...expand)() as Promise<Item>,
      (s) => firstPage(s, ListTitles.controls, byRisk),
      (s) => firstPage(s, ListTitles.actions, byRisk),
    ]);
    const [i, c, a] = read.results;
    [item, controls, actions, cal] = [i as Item, c as Page, a as Page, read.cal];
  } catch (err) {
    throw toStorageError(err, { operation: `read risk ${id}`, list: ListTitles.risks, itemId: id });
  }
  const report: RestoreReport = [];
  const risk = restoreRiskStrict(item, cal, report);
  const matrix = await matrixFor(ctx, risk.register);
  const restored = restoreRisk(item, matrix, [], cal) ?? risk;
  restored.controls = (await followPages(ctx.sp, controls)).map(restoreControl).sort(byOrder);
  restored.actions = (await followPages(ctx.sp, actions)).map((a) => restoreAction(a, report, cal));
  return restored;
}

const byOrder = (a: { order?: number; id?: number }, b: { order?: number; id?: number }): number =>
  (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || (a.id ?? 0) - (b.id ?? 0);

export async function findRiskByReference(
  ctx: StoreContext,
  register: string,
  reference: string,
): Promise<StoredRisk | undefined> {
  let page: Page;
  try {
    page = await firstPage(ctx.sp, ListTitles.risks, {
      filter: `${rf.key} eq ${odataString(riskKey(register, reference))}`,
      top: 1,
    });
  } catch (err) {
    throw toStorageError(err, {
      operation: `find risk ${reference} in register '${register}'`,
      list: ListTitles.risks,
    });
  }
  const item = page.value[0];
  return item ? getRisk(ctx, Number(item.Id)) : undefined;
}

/** People in a risk resolved to site user ids. */
async function withSitePeople<T extends Pick<Risk, 'owners' | 'delegates' | 'cabinetMembers' | 'reference'>>(
  ctx: StoreContext,
  risk: T,
): Promise<T> {
  return {
    ...risk,
    owners: await ctx.people(risk.owners, 'owners', risk.reference),
    delegates: await ctx.people(risk.delegates, 'delegates', risk.reference),
    cabinetMembers: await ctx.people(risk.cabinetMembers, 'cabinetMembers', risk.reference),
  };
}

export async function createRisk(
  ctx: StoreContext,
  input: Risk,
  actor: Actor,
  source: AuditEntry['source'] = 'tab',
): Promise<StoredRisk> {
  const risk = await withSitePeople(ctx, input);
  const matrix = await matrixFor(ctx, risk.register);
  checkRatings(matrix, risk.reference, {
    inherent: risk.inherent,
    current: risk.current,
    target: risk.target,
  });
  (await writeChecks()).checkNewRisk(matrix, risk);
  const cal = await calendarFor(ctx);
  const row = riskRow(risk, cal);
  checkRow(ListTitles.risks, row, risk.reference);
  const item = await addItem(ctx.sp, ListTitles.risks, payloadOf(row), {
    operation: `create risk ${risk.reference} in register '${risk.register}'`,
    list: ListTitles.risks,
  });
  const id = Number(item.Id);
  const base = { actor, source, risk: { id, reference: risk.reference, register: risk.register } };
  await appendAudit(
    ctx.sp,
    changesToAudit(diffRows(undefined, row), {
      ...base,
      entity: 'risk',
      entityId: id,
      version: versionOf(item),
    }),
  );
  const parent: Parent = { riskId: id, register: risk.register, reference: risk.reference };
  for (const c of input.controls) {
    const cRow = controlRow(parent, {
      ...c,
      owners: await ctx.people(c.owners, 'control owners', risk.reference),
    });
    checkRow(ListTitles.controls, cRow, risk.reference);
    const added = await addItem(ctx.sp, ListTitles.controls, payloadOf(cRow), {
      operation: `add control '${c.title}' to ${risk.reference}`,
    });
    await appendAudit(
      ctx.sp,
      changesToAudit(diffRows(undefined, cRow), {
        ...base,
        entity: 'control',
        entityId: Number(added.Id),
        version: versionOf(added),
      }),
    );
  }
  for (const a of input.actions) {
    const aRow = actionRow(
      parent,
      { ...a, owners: await ctx.people(a.owners, 'action owners', risk.reference) },
      cal,
    );
    checkRow(ListTitles.actions, aRow, risk.reference);
    const added = await addItem(ctx.sp, ListTitles.actions, payloadOf(aRow), {
      operation: `add action '${a.title}' to ${risk.reference}`,
    });
    await appendAudit(
      ctx.sp,
      changesToAudit(diffRows(undefined, aRow), {
        ...base,
        entity: 'action',
        entityId: Number(added.Id),
        version: versionOf(added),
      }),
    );
  }
  return getRisk(ctx, id);
}

/**
 * Applies a patch with the caller's ETag. The stored risk is read first: if its ETag already
 * differs the conflict is reported without a write; otherwise SharePoint's If-Match decides.
 */
export async function updateRisk(
  ctx: StoreContext,
  id: number,
  patch: RiskPatch,
  etag: string,
  actor: Actor,
  source: AuditEntry['source'] = 'tab',
): Promise<StoredRisk> {
  const before = await getRisk(ctx, id);
  const operation = `update risk ${before.reference}`;
  if (before.etag !== etag) {
    throw new ConflictError<StoredRisk>(
      `Could not ${operation}: someone else saved it after you opened it. Their version is shown; ` +
        're-apply your change to it and save again.',
      before,
    );
  }
  const merged = await withSitePeople(ctx, { ...before, ...patch });
  const matrix = await matrixFor(ctx, merged.register);
  checkRatings(matrix, merged.reference, {
    inherent: patch.inherent,
    current: patch.current,
    target: patch.target,
  });
  (await writeChecks()).checkRisk(matrix, merged, new Set(Object.keys(patch)));
  const cal = await calendarFor(ctx);
  const beforeRow = riskRow(before, cal);
  const afterRow = riskRow(merged, cal);
  checkRow(ListTitles.risks, afterRow, merged.reference);
  const changes = diffRows(beforeRow, afterRow);
  const item = await updateItem(
    ctx.sp,
    ListTitles.risks,
    id,
    payloadOf(
      afterRow,
      changes.map((c) => c.field),
    ),
    etag,
    { operation, list: ListTitles.risks, itemId: id },
    (i) => restoreRiskStrict(i, cal),
  );
  await appendAudit(
    ctx.sp,
    changesToAudit(changes, {
      actor,
      source,
      entity: 'risk',
      entityId: id,
      risk: { id, reference: merged.reference, register: merged.register },
      version: versionOf(item),
    }),
  );
  const after = restoreRisk(item, matrix, [], cal) ?? restoreRiskStrict(item, cal);
  return { ...after, controls: before.controls, actions: before.actions };
}

/** Closes a risk with the manager's reason, which the update's audit entries record beside the status. */
export async function closeRisk(
  ctx: StoreContext,
  id: number,
  etag: string,
  actor: Actor,
  reason: string,
): Promise<StoredRisk> {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) {
    throw new ValidationError(
      `Risk ${id} was not closed: give the reason for closing it (for example, the activity ended or the risk was transferred).`,
      'closureReason',
    );
  }
  return updateRisk(ctx, id, { status: 'closed', closureReason: why }, etag, actor);
}

/** Marks a risk merged into another risk of the same register (which must exist). */
export async function mergeRisk(
  ctx: StoreContext,
  id: number,
  intoReference: string,
  etag: string,
  actor: Actor,
): Promise<StoredRisk> {
  const risk = await getRisk(ctx, id);
  if (risk.reference.toLowerCase() === intoReference.trim().toLowerCase()) {
    throw new NotFoundError(`Risk ${risk.reference} cannot be merged into itself. Choose another risk.`);
  }
  const target = await findRiskByReference(ctx, risk.register, intoReference);
  if (!target) {
    throw new NotFoundError(
      `Cannot merge ${risk.reference}: register '${risk.register}' has no risk ${intoReference}. Check the reference.`,
    );
  }
  return updateRisk(ctx, id, { status: 'merged', mergedInto: target.reference }, etag, actor);
}
