/**
 * Period snapshots: recording a review (the snapshot, unique per risk and period, plus the risk's
 * rating when it changed, both under ETags) and reading a risk's history.
 */
import type { PeriodSnapshot, Rating } from '../domain/types';
import { appendAudit, changesToAudit, versionOf } from './audit-log';
import { ConflictError, isDuplicateError, toStorageError } from './errors';
import { diffRows, payloadOf, snapshotRow, type Parent } from './item-codec';
import { addItem, updateItem } from './item-writes';
import { firstPage, odataString, readAll } from './list-reader';
import type { Actor, AuditEntry, RiskPatch, Stored, StoredRisk } from './ports';
import { restoreSnapshot, type Item } from './restore';
import { getRisk, updateRisk } from './risk-repository';
import { F, ListTitles, snapshotKey } from './schema';
import { checkRatings, checkRow, matrixFor, type StoreContext } from './store-context';

export type RecordReviewInput = {
  riskId: number;
  riskEtag: string;
  snapshot: PeriodSnapshot;
  actor: Actor;
  source: AuditEntry['source'];
};

const sameRating = (a: Rating | undefined, b: Rating | undefined): boolean =>
  a?.likelihood === b?.likelihood && a?.impact === b?.impact;

async function findSnapshot(ctx: StoreContext, key: string): Promise<Item | undefined> {
  try {
    const page = await firstPage(ctx.sp, ListTitles.snapshots, {
      filter: `${F.snapshots.key} eq ${odataString(key)}`,
      top: 1,
    });
    return page.value[0];
  } catch (err) {
    throw toStorageError(err, { operation: `read the snapshot ${key}`, list: ListTitles.snapshots });
  }
}

/** True when a stored snapshot already says what this submission says (a replayed answer). */
function sameAnswer(stored: Stored<PeriodSnapshot>, s: PeriodSnapshot): boolean {
  return (
    sameRating(stored.current, s.current) &&
    sameRating(stored.inherent, s.inherent) &&
    sameRating(stored.target, s.target) &&
    stored.comment === s.comment &&
    stored.outcome === s.outcome
  );
}

/**
 * Records one review. Idempotent per risk and period: a second submission for the same period
 * updates the one snapshot (unique SnapshotKey), and a replay of an answer already recorded
 * returns the stored result instead of a conflict.
 */
export async function recordReview(
  ctx: StoreContext,
  input: RecordReviewInput,
): Promise<{ snapshot: Stored<PeriodSnapshot>; risk: StoredRisk }> {
  const { riskId, riskEtag, actor, source } = input;
  let risk = await getRisk(ctx, riskId);
  const matrix = await matrixFor(ctx, risk.register);
  const snap: PeriodSnapshot = {
    ...input.snapshot,
    riskId,
    riskReference: risk.reference,
    recordedBy: input.snapshot.recordedBy ?? {
      id: actor.id,
      name: actor.name,
      ...(actor.email ? { email: actor.email } : {}),
    },
  };
  checkRatings(matrix, risk.reference, {
    inherent: snap.inherent,
    current: snap.current,
    target: snap.target,
  });
  const key = snapshotKey(riskId, snap.periodId);
  const existingItem = await findSnapshot(ctx, key);
  const existing = existingItem ? restoreSnapshot(existingItem, matrix, []) : undefined;

  if (risk.etag !== riskEtag) {
    if (existing && sameAnswer(existing, snap) && sameRating(risk.current, snap.current)) {
      return { snapshot: existing, risk };
    }
    throw new ConflictError<StoredRisk>(
      `Could not record the ${snap.periodId} review of ${risk.reference}: the risk was changed after it was shown. ` +
        'Look at the current rating and answer again.',
      risk,
    );
  }

  const patch: RiskPatch = {};
  if (snap.current && !sameRating(risk.current, snap.current)) patch.current = snap.current;
  if (snap.inherent && !sameRating(risk.inherent, snap.inherent)) patch.inherent = snap.inherent;
  if (snap.target && !sameRating(risk.target, snap.target)) patch.target = snap.target;
  if (Object.keys(patch).length) risk = await updateRisk(ctx, riskId, patch, riskEtag, actor, source);

  const recordedBy = snap.recordedBy
    ? (await ctx.people([snap.recordedBy], 'recordedBy', risk.reference))[0]
    : undefined;
  const parent: Parent = { riskId, register: risk.register, reference: risk.reference };
  const row = snapshotRow(parent, { ...snap, ...(recordedBy ? { recordedBy } : {}) });
  checkRow(ListTitles.snapshots, row, risk.reference);
  const audit = {
    actor,
    source,
    entity: 'snapshot' as const,
    risk: { id: riskId, reference: risk.reference, register: risk.register },
  };
  const operation = `record the ${snap.periodId} review of ${risk.reference}`;

  const update = async (item: Item): Promise<Stored<PeriodSnapshot>> => {
    const before = restoreSnapshot(item, matrix, []);
    const beforeRow = before ? snapshotRow(parent, before) : undefined;
    const changes = diffRows(beforeRow, row);
    const id = Number(item.Id);
    const saved = await updateItem(
      ctx.sp,
      ListTitles.snapshots,
      id,
      payloadOf(
        row,
        changes.map((c) => c.field),
      ),
      String(item['odata.etag']),
      { operation, list: ListTitles.snapshots, itemId: id },
      (i) => restoreSnapshot(i, matrix, []),
    );
    await appendAudit(ctx.sp, changesToAudit(changes, { ...audit, entityId: id, version: versionOf(saved) }));
    return restoreSnapshot(saved, matrix, []) as Stored<PeriodSnapshot>;
  };

  if (existingItem) return { snapshot: await update(existingItem), risk };
  try {
    const item = await addItem(ctx.sp, ListTitles.snapshots, payloadOf(row), {
      operation,
      list: ListTitles.snapshots,
    });
    await appendAudit(
      ctx.sp,
      changesToAudit(diffRows(undefined, row), {
        ...audit,
        entityId: Number(item.Id),
        version: versionOf(item),
      }),
    );
    return { snapshot: restoreSnapshot(item, matrix, []) as Stored<PeriodSnapshot>, risk };
  } catch (err) {
    // Another worker recorded this period first: the unique key refused ours; update theirs.
    const cause = (err as { cause?: unknown }).cause ?? err;
    if (!isDuplicateError(cause)) throw err;
    const raced = await findSnapshot(ctx, key);
    if (!raced) throw err;
    return { snapshot: await update(raced), risk };
  }
}

/** Every snapshot of a risk, oldest period first. */
export async function getHistory(ctx: StoreContext, riskId: number): Promise<Stored<PeriodSnapshot>[]> {
  const risk = await getRisk(ctx, riskId);
  const matrix = await matrixFor(ctx, risk.register);
  let items: Item[];
  try {
    items = await readAll(ctx.sp, ListTitles.snapshots, { filter: `${F.snapshots.risk}Id eq ${riskId}` });
  } catch (err) {
    throw toStorageError(err, {
      operation: `read the history of ${risk.reference}`,
      list: ListTitles.snapshots,
    });
  }
  return items
    .map((i) => restoreSnapshot(i, matrix, []))
    .filter((s): s is Stored<PeriodSnapshot> => !!s)
    .sort((a, b) => a.periodId.localeCompare(b.periodId) || a.recordedAt.localeCompare(b.recordedAt));
}
