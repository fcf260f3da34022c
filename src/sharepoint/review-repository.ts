/**
 * Period snapshots: recording a review (the snapshot, unique per risk and period, plus the risk's
 * rating when it changed, both under ETags) and reading a risk's history.
 */
import type { PeriodSnapshot, Rating } from '../domain/types';
import { appendAudit, changesToAudit, versionOf } from './audit-log';
import { AnswerSupersededError, ConflictError, isDuplicateError, toStorageError } from './errors';
import { diffRows, payloadOf, snapshotRow, type Parent } from './item-codec';
import { addItem, deleteItem, updateItem } from './item-writes';
import { firstPage, odataString, readAll } from './list-reader';
import type { Actor, AuditEntry, RiskPatch, Stored, StoredRisk } from '../ports';
import { restoreSnapshot, type Item } from './restore';
import { getRisk, updateRisk } from './risk-repository';
import { F, ListTitles, snapshotKey } from './schema';
import { checkRatings, checkRow, matrixFor, snapshotMatrixFor, type StoreContext } from './store-context';

export type RecordReviewInput = {
  riskId: number;
  riskEtag: string;
  snapshot: PeriodSnapshot;
  actor: Actor;
  source: AuditEntry['source'];
  /**
   * The ETag of the period snapshot this answer replaces, as the person saw it; `null` when they saw
   * no answer recorded. Omitted: whatever is recorded when the write starts.
   */
  snapshotEtag?: string | null;
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
 * True when the stored snapshot is this very submission, written by an earlier attempt (an outbox
 * retry after the snapshot landed but the risk did not): same answer, same person, same instant.
 * Two answers built apart always differ in `recordedAt` (milliseconds) or person or content.
 */
function isThisAnswer(stored: Stored<PeriodSnapshot>, s: PeriodSnapshot): boolean {
  return (
    sameAnswer(stored, s) &&
    Date.parse(stored.recordedAt) === Date.parse(s.recordedAt) &&
    (stored.recordedBy?.id ?? null) === (s.recordedBy?.id ?? null)
  );
}

const supersededText = (snap: PeriodSnapshot, reference: string, stored?: PeriodSnapshot): string =>
  `Did not record this ${snap.periodId} review of ${reference}: ` +
  (stored
    ? `${stored.recordedBy?.name ?? 'someone'} recorded an answer at ${stored.recordedAt} first. `
    : 'another answer was being recorded at the same moment. ') +
  'Look at the recorded answer and change it if yours should replace it.';

/**
 * The snapshot an answer records: the input's, tied to the risk, signed by the actor when the input
 * names no one, with its ratings checked against the register's matrix (shared by `recordReview`
 * and the batched answer write in review-answer.ts).
 */
export function snapshotToRecord(
  input: RecordReviewInput,
  risk: StoredRisk,
  matrix: Parameters<typeof checkRatings>[0],
): PeriodSnapshot {
  const { actor } = input;
  const snap: PeriodSnapshot = {
    ...input.snapshot,
    riskId: input.riskId,
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
  return snap;
}

/**
 * Records one review: exactly one answer per risk and period wins, whatever arrives at once.
 *
 * The period snapshot is the claim and is written first, conditionally: a first answer adds it under
 * the unique SnapshotKey, a replacement updates it under the ETag the person saw (`snapshotEtag`;
 * `null` means "no answer yet"; omitted, the one read here). Every concurrent answer but one is
 * refused by SharePoint itself (duplicate key or 412) and gets AnswerSupersededError with the answer
 * that was recorded. Only the winner then writes the risk's rating, under the ETag the card showed;
 * if that write is refused (someone edited the risk meanwhile) the snapshot is put back as it was,
 * so the snapshot and the risk's rating never disagree once this returns or throws. A retry of an
 * answer whose snapshot already landed (same answer, person and instant) finishes the risk write.
 */
export async function recordReview(
  ctx: StoreContext,
  input: RecordReviewInput,
): Promise<{ snapshot: Stored<PeriodSnapshot>; risk: StoredRisk }> {
  const { riskId, riskEtag, actor, source } = input;
  let risk = await getRisk(ctx, riskId);
  const matrix = await matrixFor(ctx, risk.register);
  const snap = snapshotToRecord(input, risk, matrix);
  const key = snapshotKey(riskId, snap.periodId);
  const existingItem = await findSnapshot(ctx, key);
  const existing = existingItem ? restoreSnapshot(existingItem, matrix, []) : undefined;

  const patch: RiskPatch = {};
  if (snap.current && !sameRating(risk.current, snap.current)) patch.current = snap.current;
  if (snap.inherent && !sameRating(risk.inherent, snap.inherent)) patch.inherent = snap.inherent;
  if (snap.target && !sameRating(risk.target, snap.target)) patch.target = snap.target;
  const stale = (): ConflictError<StoredRisk> =>
    new ConflictError<StoredRisk>(
      `Could not record the ${snap.periodId} review of ${risk.reference}: the risk was changed after it was shown. ` +
        'Look at the current rating and answer again.',
      risk,
    );

  if (existing && isThisAnswer(existing, snap)) {
    // An earlier attempt of this answer claimed the period: finish it, never write it twice.
    if (Object.keys(patch).length === 0) return { snapshot: existing, risk };
    if (risk.etag !== riskEtag) throw stale();
    risk = await updateRisk(ctx, riskId, patch, riskEtag, actor, source);
    return { snapshot: existing, risk };
  }
  const expected = input.snapshotEtag === undefined ? (existing?.etag ?? null) : input.snapshotEtag;
  if ((existing?.etag ?? null) !== expected) {
    throw new AnswerSupersededError(supersededText(snap, risk.reference, existing), existing);
  }
  if (risk.etag !== riskEtag) throw stale();

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
  const restore = (i: Item) => restoreSnapshot(i, matrix, []);
  const lost = async (cause: unknown): Promise<AnswerSupersededError<Stored<PeriodSnapshot>>> => {
    const raced = await findSnapshot(ctx, key).catch(() => undefined);
    const current = raced ? restore(raced) : undefined;
    return new AnswerSupersededError(supersededText(snap, risk.reference, current), current, { cause });
  };

  // The claim: one conditional write of the snapshot.
  let claimed: Item;
  const beforeRow = existing ? snapshotRow(parent, existing) : undefined;
  if (existingItem) {
    const id = Number(existingItem.Id);
    const changes = diffRows(beforeRow, row);
    try {
      claimed = await updateItem(
        ctx.sp,
        ListTitles.snapshots,
        id,
        payloadOf(
          row,
          changes.map((c) => c.field),
        ),
        String(existingItem['odata.etag']),
        { operation, list: ListTitles.snapshots, itemId: id },
        restore,
      );
    } catch (err) {
      if (err instanceof ConflictError) throw await lost(err);
      throw err;
    }
    await appendAudit(
      ctx.sp,
      changesToAudit(changes, { ...audit, entityId: id, version: versionOf(claimed) }),
    );
  } else {
    try {
      claimed = await addItem(ctx.sp, ListTitles.snapshots, payloadOf(row), {
        operation,
        list: ListTitles.snapshots,
      });
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause ?? err;
      if (isDuplicateError(cause)) throw await lost(err);
      throw err;
    }
    await appendAudit(
      ctx.sp,
      changesToAudit(diffRows(undefined, row), {
        ...audit,
        entityId: Number(claimed.Id),
        version: versionOf(claimed),
      }),
    );
  }
  const saved = restore(claimed) as Stored<PeriodSnapshot>;
  if (Object.keys(patch).length === 0) return { snapshot: saved, risk };
  try {
    risk = await updateRisk(ctx, riskId, patch, riskEtag, actor, source);
  } catch (err) {
    if (err instanceof ConflictError) {
      await putBack(ctx, { claimed, beforeRow, row, audit, operation, restore });
    }
    throw err;
  }
  return { snapshot: saved, risk };
}

/**
 * Undoes a claimed snapshot whose risk write was refused (412): deletes the one just added, or writes
 * back the answer it replaced, under the ETag of the claim, and audits that.
 */
async function putBack(
  ctx: StoreContext,
  w: {
    claimed: Item;
    beforeRow: ReturnType<typeof snapshotRow> | undefined;
    row: ReturnType<typeof snapshotRow>;
    audit: {
      actor: Actor;
      source: AuditEntry['source'];
      entity: 'snapshot';
      risk: { id: number; reference: string; register: string };
    };
    operation: string;
    restore: (i: Item) => Stored<PeriodSnapshot> | undefined;
  },
): Promise<void> {
  const id = Number(w.claimed.Id);
  const etag = String(w.claimed['odata.etag']);
  const where = { operation: `undo: ${w.operation}`, list: ListTitles.snapshots, itemId: id };
  if (!w.beforeRow) {
    await deleteItem(ctx.sp, ListTitles.snapshots, id, etag, where, w.restore);
    const title = w.row[F.snapshots.title]?.display ?? String(id);
    await appendAudit(
      ctx.sp,
      changesToAudit([{ field: '(deleted)', oldValue: title, newValue: '' }], {
        ...w.audit,
        entityId: id,
        version: `deleted ${etag}`,
      }),
    );
    return;
  }
  const changes = diffRows(w.row, w.beforeRow);
  const back = await updateItem(
    ctx.sp,
    ListTitles.snapshots,
    id,
    payloadOf(
      w.beforeRow,
      changes.map((c) => c.field),
    ),
    etag,
    where,
    w.restore,
  );
  await appendAudit(ctx.sp, changesToAudit(changes, { ...w.audit, entityId: id, version: versionOf(back) }));
}

/** Every snapshot of a risk, oldest period first. */
export async function getHistory(ctx: StoreContext, riskId: number): Promise<Stored<PeriodSnapshot>[]> {
  const risk = await getRisk(ctx, riskId);
  const matrixOf = await snapshotMatrixFor(ctx, risk.register);
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
    .map((i) => restoreSnapshot(i, matrixOf(i), []))
    .filter((s): s is Stored<PeriodSnapshot> => !!s)
    .sort((a, b) => a.periodId.localeCompare(b.periodId) || a.recordedAt.localeCompare(b.recordedAt));
}
