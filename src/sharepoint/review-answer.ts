/**
 * A card answer in three SharePoint round trips: one `$batch` of reads (the risk with its controls
 * and actions, its snapshots, the register settings and the period's requests for the risk), one
 * `$batch` of conditional writes (the snapshot claim, the risk's rating, the requests' status, then
 * the snapshot and the risk read back in the same batch), and one audit entry for the whole answer
 * appended after the chain head the process remembers (src/sharepoint/audit-chain.ts).
 *
 * `$batch` is not transactional: "If any of the child operations fails, the others still complete
 * and aren't rolled back" (Microsoft Learn, "Make batch requests with the REST APIs"). So the write
 * batch can half-land, and each half is undone here before anything is returned or thrown:
 * - the claim lost (412 or duplicate key) but the risk's rating landed: the rating is written back
 *   under its new ETag, and the answer is refused with AnswerSupersededError;
 * - the claim landed but the risk's rating was refused (412): the snapshot is put back as it was and
 *   the requests this batch marked answered get their status back; ConflictError.
 * So the snapshot and the risk's rating agree once this returns or throws, as with recordReview.
 */
import { coalescerOf } from './coalesce';
import { nextRequestStatus } from '../ports/request-status';
import type { SPFI } from '@pnp/sp';
import type { PeriodSnapshot } from '../domain/types';
import {
  answerAuditField,
  appendAudit,
  changesToAudit,
  versionOf,
  type AnswerAuditChange,
  type AuditInput,
} from './audit-log';
import { settleInBatch } from './batch';
import {
  AnswerSupersededError,
  ConflictError,
  httpStatus,
  isDuplicateError,
  NotFoundError,
  toStorageError,
} from './errors';
import {
  diffRows,
  payloadOf,
  requestRow,
  riskRow,
  snapshotRow,
  type Change,
  type Parent,
  type Row,
} from './item-codec';
import { deleteItem, updateItem } from './item-writes';
import { firstPage, followPages, odataString, readItem, selectFor, type Page } from './list-reader';
import type { AnswerState, RecordedAnswer, RiskPatch, Stored, StoredRisk } from '../ports';
import {
  restoreAction,
  restoreControl,
  restoreRequest,
  restoreRisk,
  restoreSnapshot,
  type Item,
} from './restore';
import { restoreSettings } from './restore-settings';
import { snapshotToRecord, type RecordReviewInput } from './review-repository';
import { reviewServiceActor } from './review-request-repository';
import { restoreRiskStrict } from './risk-repository';
import { F, ListTitles, snapshotKey } from './schema';
import { calendarFor, checkRow, readWithCalendar, type StoreContext } from './store-context';

/** The settings list holds one item per register: read whole, it needs no register name up front. */
const settingsPageSize = 500;

/** The risk, its controls, actions, snapshots, settings and requests: one `$batch`, shared (coalesce.ts). */
export async function loadAnswerState(
  ctx: StoreContext,
  riskId: number,
  periodId: string,
): Promise<AnswerState> {
  const id = Math.trunc(riskId);
  const { select, expand } = selectFor(ListTitles.risks);
  const byRisk = (column: string) => ({ filter: `${column}Id eq ${id}` });
  const reads: ((s: SPFI) => Promise<Item | Page>)[] = [
    (s) =>
      s.web.lists
        .getByTitle(ListTitles.risks)
        .items.getById(id)
        .select(...select)
        .expand(...expand)() as Promise<Item>,
    (s) => firstPage(s, ListTitles.controls, byRisk(F.controls.risk)),
    (s) => firstPage(s, ListTitles.actions, byRisk(F.actions.risk)),
    (s) => firstPage(s, ListTitles.snapshots, byRisk(F.snapshots.risk)),
    (s) => firstPage(s, ListTitles.settings, { top: settingsPageSize }),
    (s) =>
      firstPage(s, ListTitles.reviewRequests, {
        filter: `${F.reviewRequests.periodId} eq ${odataString(periodId)} and ${F.reviewRequests.risk}Id eq ${id}`,
      }),
  ];
  let read: Awaited<ReturnType<typeof readWithCalendar<Item | Page>>>;
  try {
    read = await readWithCalendar(ctx, reads, coalescerOf(ctx.sp));
  } catch (err) {
    throw toStorageError(err, {
      operation: `read risk ${id} for its review`,
      list: ListTitles.risks,
      itemId: id,
    });
  }
  const [item, controls, actions, snapshots, settingsPage, requests] = read.results as [
    Item,
    Page,
    Page,
    Page,
    Page,
    Page,
  ];
  const cal = read.cal;
  const bare = restoreRiskStrict(item, cal);
  const settingsItem = settingsPage.value.find(
    (s) => String(s[F.settings.register] ?? '').toLowerCase() === bare.register.toLowerCase(),
  );
  if (!settingsItem) {
    throw new NotFoundError(
      `Register '${bare.register}' has no settings. Run \`npm run provision -- --site <url> --register "${bare.register}"\` ` +
        'or create them in the settings view.',
    );
  }
  const settings = restoreSettings(settingsItem);
  ctx.settings.set(settings.register.toLowerCase(), settings);
  const risk = restoreRisk(item, settings.matrix, [], cal) ?? bare;
  risk.controls = (await followPages(ctx.sp, controls))
    .map(restoreControl)
    .sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.id - b.id);
  risk.actions = (await followPages(ctx.sp, actions)).map((a) => restoreAction(a, [], cal));
  const history = (await followPages(ctx.sp, snapshots))
    .map((i) => restoreSnapshot(i, settings.matrix, []))
    .filter((s): s is Stored<PeriodSnapshot> => !!s)
    .sort((a, b) => a.periodId.localeCompare(b.periodId) || a.recordedAt.localeCompare(b.recordedAt));
  return {
    risk,
    settings,
    history,
    requests: (await followPages(ctx.sp, requests)).map((i) => restoreRequest(i, [])),
  };
}

const sameRating = (a?: { likelihood: number; impact: number }, b?: { likelihood: number; impact: number }) =>
  a?.likelihood === b?.likelihood && a?.impact === b?.impact;

const supersededText = (snap: PeriodSnapshot, reference: string, stored?: PeriodSnapshot): string =>
  `Did not record this ${snap.periodId} review of ${reference}: ` +
  (stored
    ? `${stored.recordedBy?.name ?? 'someone'} recorded an answer at ${stored.recordedAt} first. `
    : 'another answer was being recorded at the same moment. ') +
  'Look at the recorded answer and change it if yours should replace it.';

/** One audit entry for a whole answer: its changes, each with its entity, as JSON (see expandAnswerAudit). */
function answerEntry(
  base: Omit<AuditInput, 'field' | 'oldValue' | 'newValue' | 'entity' | 'entityId'> & {
    entity: AuditInput['entity'];
    entityId: number;
  },
  groups: { entity: AuditInput['entity']; entityId: number; changes: Change[] }[],
): AuditInput {
  const changes: AnswerAuditChange[] = groups.flatMap((g) =>
    g.changes.map((c) => ({ entity: g.entity, entityId: g.entityId, ...c })),
  );
  return { ...base, field: answerAuditField, oldValue: '', newValue: JSON.stringify(changes) };
}

type Written = { item?: Item; etag?: string; alone: boolean };

/**
 * Records an answer against the state the person was shown (`state`, from loadAnswerState): the
 * same checks and refusals as recordReview, in one write `$batch` and one audit request. Returns the
 * ids of requests whose status could not be set (a send completing meanwhile), for the caller to
 * settle later; the answer itself is recorded.
 */
export async function recordAnswer(
  ctx: StoreContext,
  input: RecordReviewInput,
  state: AnswerState,
): Promise<RecordedAnswer> {
  const { riskId, riskEtag, actor, source } = input;
  const risk = state.risk;
  const matrix = state.settings.matrix;
  const snap = snapshotToRecord(input, risk, matrix);
  const existing = state.history.find((s) => s.periodId === snap.periodId);
  const expected = input.snapshotEtag === undefined ? (existing?.etag ?? null) : input.snapshotEtag;
  if ((existing?.etag ?? null) !== expected) {
    throw new AnswerSupersededError(supersededText(snap, risk.reference, existing), existing);
  }
  const stale = (current: StoredRisk = risk): ConflictError<StoredRisk> =>
    new ConflictError<StoredRisk>(
      `Could not record the ${snap.periodId} review of ${risk.reference}: the risk was changed after it was shown. ` +
        'Look at the current rating and answer again.',
      current,
    );
  if (risk.etag !== riskEtag) throw stale();

  const recordedBy = snap.recordedBy
    ? (await ctx.people([snap.recordedBy], 'recordedBy', risk.reference))[0]
    : undefined;
  const parent: Parent = { riskId, register: risk.register, reference: risk.reference };
  const row = snapshotRow(parent, { ...snap, ...(recordedBy ? { recordedBy } : {}) });
  checkRow(ListTitles.snapshots, row, risk.reference);
  const beforeRow = existing ? snapshotRow(parent, existing) : undefined;
  const snapChanges = diffRows(beforeRow, row);

  const patch: RiskPatch = {};
  if (snap.current && !sameRating(risk.current, snap.current)) patch.current = snap.current;
  if (snap.inherent && !sameRating(risk.inherent, snap.inherent)) patch.inherent = snap.inherent;
  if (snap.target && !sameRating(risk.target, snap.target)) patch.target = snap.target;
  // An answer gives the cell a score-only rating lacked (`Medium 12` imported): the score alone goes.
  for (const tier of ['inherent', 'current', 'target'] as const)
    if (snap[tier] && risk[`${tier}ScoreOnly`] !== undefined) patch[`${tier}ScoreOnly`] = undefined;
  const cal = await calendarFor(ctx);
  const riskBefore = riskRow(risk, cal);
  const riskAfter = riskRow({ ...risk, ...patch }, cal);
  const riskChanges = Object.keys(patch).length ? diffRows(riskBefore, riskAfter) : [];
  if (riskChanges.length) checkRow(ListTitles.risks, riskAfter, risk.reference);

  const open = state.requests.filter((q) => q.status !== 'answered');
  const requestWrites = open.map((q) => {
    const before = requestRow(q);
    const after = requestRow({
      ...q,
      status: nextRequestStatus(q.status, 'answered'),
      answeredAt: snap.recordedAt,
      lastError: undefined,
    });
    return { q, before, after, changes: diffRows(before, after) };
  });

  const key = snapshotKey(riskId, snap.periodId);
  const operation = `record the ${snap.periodId} review of ${risk.reference}`;
  const list = (s: SPFI, title: string) => s.web.lists.getByTitle(title);
  const claim: Written = { alone: false };
  const rated: Written = { alone: false };
  const marked = requestWrites.map((): Written => ({ alone: false }));
  const ops: ((s: SPFI) => Promise<unknown>)[] = [
    async (s) => {
      claim.alone = s === ctx.sp;
      if (existing) {
        const payload = payloadOf(
          row,
          snapChanges.map((c) => c.field),
        );
        claim.etag = (
          await list(s, ListTitles.snapshots).items.getById(existing.id).update(payload, existing.etag)
        ).etag as string;
      } else {
        claim.item = (await list(s, ListTitles.snapshots).items.add(payloadOf(row))) as Item;
      }
    },
  ];
  // Every answer writes the risk under the ETag the card showed, a confirm its current rating
  // unchanged: SharePoint takes a new version on every update, so of several answers read against
  // one version only one risk write lands, and a confirm cannot pass over an edit made meanwhile.
  const riskColumns = riskChanges.length
    ? riskChanges.map((c) => c.field)
    : [F.risks.currentLikelihood, F.risks.currentImpact];
  ops.push(async (s) => {
    rated.alone = s === ctx.sp;
    const payload = payloadOf(riskAfter, riskColumns);
    rated.etag = (await list(s, ListTitles.risks).items.getById(riskId).update(payload, riskEtag))
      .etag as string;
  });
  requestWrites.forEach((w, n) => {
    ops.push(async (s) => {
      (marked[n] as Written).alone = s === ctx.sp;
      const payload = payloadOf(
        w.after,
        w.changes.map((c) => c.field),
      );
      (marked[n] as Written).etag = (
        await list(s, ListTitles.reviewRequests).items.getById(w.q.id).update(payload, w.q.etag)
      ).etag as string;
    });
  });
  const writes = ops.length;
  // Read back in the same batch, after the writes: the recorded snapshot (ours or the winner's) and the risk.
  ops.push((s) =>
    firstPage(s, ListTitles.snapshots, { filter: `${F.snapshots.key} eq ${odataString(key)}`, top: 1 }),
  );
  ops.push((s) => readItem(s, ListTitles.risks, riskId));
  let settled: PromiseSettledResult<unknown>[];
  try {
    settled = await settleInBatch(ctx.sp, ops);
  } catch (err) {
    throw toStorageError(err, { operation, list: ListTitles.snapshots });
  }
  // A write part throttled inside the batch was sent again on its own, after the reads: read again.
  const late = [claim, rated, ...marked].some((w) => w.alone);
  const readBack = async (): Promise<{ snapItem: Item | undefined; riskItem: Item | undefined }> => {
    if (!late) {
      const s = settled[writes] as PromiseSettledResult<Page>;
      const r = settled[writes + 1] as PromiseSettledResult<Item>;
      return {
        snapItem: s.status === 'fulfilled' ? s.value.value[0] : undefined,
        riskItem: r.status === 'fulfilled' ? r.value : undefined,
      };
    }
    const [s, r] = await Promise.all([
      firstPage(ctx.sp, ListTitles.snapshots, {
        filter: `${F.snapshots.key} eq ${odataString(key)}`,
        top: 1,
      }),
      readItem(ctx.sp, ListTitles.risks, riskId),
    ]);
    return { snapItem: s.value[0], riskItem: r };
  };
  const claimResult = settled[0] as PromiseSettledResult<unknown>;
  const riskResult = settled[1] as PromiseSettledResult<unknown>;
  const audit = {
    by: actor.email || actor.name,
    source,
    riskId,
    riskReference: risk.reference,
    register: risk.register,
  };
  const requestAudit = (w: (typeof requestWrites)[number], etag: string | undefined): AuditInput[] =>
    changesToAudit(w.changes, {
      actor: reviewServiceActor,
      source: 'scheduler',
      entity: 'review-request',
      entityId: w.q.id,
      risk: { id: riskId, reference: risk.reference, register: risk.register },
      version: etag,
    });
  const landedRequests = requestWrites.filter((_, n) => settled[n + 2]?.status === 'fulfilled');
  const restore = (i: Item) => restoreSnapshot(i, matrix, []);
  const toRisk = (i: Item): StoredRisk => ({
    ...(restoreRisk(i, matrix, [], cal) ?? restoreRiskStrict(i, cal)),
    controls: risk.controls,
    actions: risk.actions,
  });

  /** Gives the requests this batch marked answered their status back, and audits both writes. */
  const revertRequests = async (): Promise<AuditInput[]> => {
    const undo: AuditInput[] = [];
    for (const w of landedRequests) {
      const n = requestWrites.indexOf(w);
      const etag = marked[n]?.etag;
      undo.push(...requestAudit(w, etag));
      if (!etag) continue;
      const back = diffRows(w.after, w.before);
      const item = await updateItem(
        ctx.sp,
        ListTitles.reviewRequests,
        w.q.id,
        payloadOf(
          w.before,
          back.map((c) => c.field),
        ),
        etag,
        { operation: `undo: mark ${w.q.key} answered`, list: ListTitles.reviewRequests, itemId: w.q.id },
        (i) => restoreRequest(i, []),
      );
      undo.push(
        ...changesToAudit(back, {
          actor: reviewServiceActor,
          source: 'scheduler',
          entity: 'review-request',
          entityId: w.q.id,
          risk: { id: riskId, reference: risk.reference, register: risk.register },
          version: versionOf(item),
        }),
      );
    }
    return undo;
  };

  if (claimResult.status === 'rejected') {
    const err = claimResult.reason;
    const lost = httpStatus(err) === 412 || isDuplicateError(err);
    const { snapItem } = await readBack().catch(() => ({ snapItem: undefined }));
    // Lost to another answer: the requests are answered (by it). Failed otherwise: nothing is
    // recorded yet (the answer is queued and retried), so the requests get their status back.
    const undo: AuditInput[] = lost
      ? landedRequests.flatMap((w) => requestAudit(w, marked[requestWrites.indexOf(w)]?.etag))
      : await revertRequests();
    if (riskResult.status === 'fulfilled' && rated.etag && riskChanges.length) {
      // The rating landed for an answer that was not recorded: write it back.
      const back = await updateItem(
        ctx.sp,
        ListTitles.risks,
        riskId,
        payloadOf(
          riskBefore,
          riskChanges.map((c) => c.field),
        ),
        rated.etag,
        { operation: `undo: ${operation}`, list: ListTitles.risks, itemId: riskId },
        toRisk,
      );
      const base = {
        actor,
        source,
        entity: 'risk' as const,
        entityId: riskId,
        risk: { id: riskId, reference: risk.reference, register: risk.register },
      };
      undo.push(...changesToAudit(riskChanges, { ...base, version: rated.etag }));
      undo.push(
        ...changesToAudit(
          riskChanges.map((c) => ({ field: c.field, oldValue: c.newValue, newValue: c.oldValue })),
          { ...base, version: versionOf(back) },
        ),
      );
    }
    await appendAudit(ctx.sp, undo);
    if (!lost) throw toStorageError(err, { operation, list: ListTitles.snapshots });
    const current = snapItem ? restore(snapItem) : undefined;
    throw new AnswerSupersededError(supersededText(snap, risk.reference, current), current, { cause: err });
  }

  const { snapItem, riskItem } = await readBack();
  if (!snapItem)
    throw toStorageError(new Error('the snapshot just written could not be read back'), { operation });
  const snapId = Number(snapItem.Id);
  const snapshotAudit = { ...audit, entity: 'snapshot' as const, entityId: snapId };

  if (riskResult.status === 'rejected') {
    const err = riskResult.reason;
    // Put the snapshot back as it was, and the requests' status, so nothing says this answer was recorded.
    const claimEtag = String(snapItem['odata.etag']);
    const where = { operation: `undo: ${operation}`, list: ListTitles.snapshots, itemId: snapId };
    const undo: AuditInput[] = [
      answerEntry({ ...snapshotAudit, version: claimEtag }, [
        { entity: 'snapshot', entityId: snapId, changes: snapChanges },
      ]),
    ];
    if (!beforeRow) {
      await deleteItem(ctx.sp, ListTitles.snapshots, snapId, claimEtag, where, restore);
      undo.push(
        ...changesToAudit(
          [{ field: '(deleted)', oldValue: row[F.snapshots.title]?.display ?? String(snapId), newValue: '' }],
          {
            actor,
            source,
            entity: 'snapshot',
            entityId: snapId,
            risk: { id: riskId, reference: risk.reference, register: risk.register },
            version: `deleted ${claimEtag}`,
          },
        ),
      );
    } else {
      const back = diffRows(row, beforeRow);
      const item = await updateItem(
        ctx.sp,
        ListTitles.snapshots,
        snapId,
        payloadOf(
          beforeRow,
          back.map((c) => c.field),
        ),
        claimEtag,
        where,
        restore,
      );
      undo.push(
        ...changesToAudit(back, {
          actor,
          source,
          entity: 'snapshot',
          entityId: snapId,
          risk: { id: riskId, reference: risk.reference, register: risk.register },
          version: versionOf(item),
        }),
      );
    }
    undo.push(...(await revertRequests()));
    await appendAudit(ctx.sp, undo);
    if (httpStatus(err) === 412) throw stale(riskItem ? toRisk(riskItem) : risk);
    throw toStorageError(err, {
      operation: `update risk ${risk.reference}`,
      list: ListTitles.risks,
      itemId: riskId,
    });
  }

  const saved = restore(snapItem);
  if (!saved) throw toStorageError(new Error('the snapshot just written has no period'), { operation });
  const after = riskItem ? toRisk(riskItem) : risk;
  await appendAudit(ctx.sp, [
    answerEntry({ ...snapshotAudit, version: String(snapItem['odata.etag']) }, [
      { entity: 'snapshot', entityId: snapId, changes: snapChanges },
      { entity: 'risk', entityId: riskId, changes: riskChanges },
      ...landedRequests.map((w) => ({
        entity: 'review-request' as const,
        entityId: w.q.id,
        changes: w.changes,
      })),
    ]),
  ]);
  return {
    snapshot: saved,
    risk: after,
    unsettledRequests: requestWrites.filter((w) => !landedRequests.includes(w)).map((w) => w.q.id),
  };
}

export type { AnswerState, Row };
