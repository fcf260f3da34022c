/**
 * The review flow's per-owner records. Creation is idempotent through the unique RequestKey
 * (`riskId|periodId|ownerId`): existing keys are skipped, and a key another worker created in the
 * meantime is refused by SharePoint and simply read back.
 */
import { settleInBatch } from './batch';
import { coalescerOf } from './coalesce';
import { appendAudit, batchSize, changesToAudit, versionOf, type AuditInput } from './audit-log';
import { isDuplicateError, toStorageError } from './errors';
import { diffRows, payloadOf, requestRow } from './item-codec';
import { getItem, mergeItem, updateItem } from './item-writes';
import { anyOf, odataString, readAll } from './list-reader';
import type { ReviewRequest, ReviewRequestStatus, ReviewRequestStore, Stored } from '../ports';
import { restoreRequest, type Item } from './restore';
import { F, ListTitles, requestKey } from './schema';
import type { SPFI } from '@pnp/sp';
import { checkRow, createStoreContext, type StoreContext } from './store-context';

const qf = F.reviewRequests;
/** Who the audit log names for review-flow bookkeeping (the service acts, not a person). */
export const reviewServiceActor = 'review service';

async function listFor(
  ctx: StoreContext,
  periodId: string,
  status?: ReviewRequestStatus[],
  riskId?: number,
): Promise<Stored<ReviewRequest>[]> {
  const statusFilter = status?.length ? anyOf(qf.status, status) : undefined;
  const riskFilter = riskId !== undefined ? `${qf.risk}Id eq ${Math.trunc(riskId)}` : undefined;
  const filter = [`${qf.periodId} eq ${odataString(periodId)}`, statusFilter, riskFilter]
    .filter(Boolean)
    .join(' and ');
  try {
    const items = await readAll(ctx.sp, ListTitles.reviewRequests, { filter });
    return items.map((i) => restoreRequest(i, []));
  } catch (err) {
    throw toStorageError(err, {
      operation: `read the review requests of ${periodId}`,
      list: ListTitles.reviewRequests,
    });
  }
}

/** A risk's requests in `periodIds`, one indexed query per period, oldest period first. */
export async function listRiskRequests(
  ctx: StoreContext,
  riskId: number,
  periodIds: readonly string[],
): Promise<Stored<ReviewRequest>[]> {
  const lists = await Promise.all(periodIds.map((p) => listFor(ctx, p, undefined, riskId)));
  return lists
    .flat()
    .sort((a, b) => a.periodId.localeCompare(b.periodId) || a.owner.name.localeCompare(b.owner.name));
}

/** Every request of one period, whatever its state (one indexed query, paged). */
export function listPeriodRequests(ctx: StoreContext, periodId: string): Promise<Stored<ReviewRequest>[]> {
  return listFor(ctx, periodId);
}

async function listOutstanding(ctx: StoreContext): Promise<Stored<ReviewRequest>[]> {
  const out: Stored<ReviewRequest>[] = [];
  // One indexed equality per query: an `or` across values is not documented to use the index.
  for (const status of ['sent', 'reminded'] as const) {
    try {
      const items = await readAll(ctx.sp, ListTitles.reviewRequests, {
        filter: `${qf.status} eq ${odataString(status)}`,
      });
      out.push(...items.map((i) => restoreRequest(i, [])));
    } catch (err) {
      throw toStorageError(err, {
        operation: `read the ${status} review requests`,
        list: ListTitles.reviewRequests,
      });
    }
  }
  return out;
}

async function addMissing(ctx: StoreContext, requests: ReviewRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += batchSize) {
    const chunk = requests.slice(i, i + batchSize);
    const rows = chunk.map((r) => {
      const row = requestRow(r);
      checkRow(ListTitles.reviewRequests, row, r.key);
      return row;
    });
    let results: PromiseSettledResult<Item>[];
    try {
      results = await settleInBatch(
        ctx.sp,
        rows.map(
          (row) => (s) =>
            s.web.lists.getByTitle(ListTitles.reviewRequests).items.add(payloadOf(row)) as Promise<Item>,
        ),
        { maxRequests: batchSize },
      );
    } catch (err) {
      throw toStorageError(err, { operation: 'create review requests', list: ListTitles.reviewRequests });
    }
    const audit: AuditInput[] = [];
    results.forEach((res, n) => {
      const req = chunk[n] as ReviewRequest;
      if (res.status === 'fulfilled') {
        audit.push(
          ...changesToAudit(diffRows(undefined, rows[n] as ReturnType<typeof requestRow>), {
            actor: reviewServiceActor,
            source: 'scheduler',
            entity: 'review-request',
            entityId: Number(res.value.Id),
            risk: { id: req.riskId, reference: req.riskReference },
            version: versionOf(res.value),
          }),
        );
      } else if (!isDuplicateError(res.reason)) {
        throw toStorageError(res.reason, {
          operation: `create the review request ${req.key}`,
          list: ListTitles.reviewRequests,
        });
      }
    });
    await appendAudit(ctx.sp, audit);
  }
}

/** Creates the requests that do not exist yet; returns every request of their periods. */
export async function ensureRequests(
  ctx: StoreContext,
  requests: ReviewRequest[],
): Promise<Stored<ReviewRequest>[]> {
  const periods = [...new Set(requests.map((r) => r.periodId))];
  const existing = new Map<string, Stored<ReviewRequest>>();
  for (const p of periods) for (const r of await listFor(ctx, p)) existing.set(r.key.toLowerCase(), r);
  const normalised = requests.map((r) => ({ ...r, key: requestKey(r.riskId, r.periodId, r.owner.id) }));
  const seen = new Set<string>();
  const missing = normalised.filter((r) => {
    const k = r.key.toLowerCase();
    if (existing.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (missing.length) await addMissing(ctx, missing);
  if (!missing.length) return [...existing.values()];
  const all: Stored<ReviewRequest>[] = [];
  for (const p of periods) all.push(...(await listFor(ctx, p)));
  return all;
}

function withoutStorage(r: Stored<ReviewRequest>): ReviewRequest {
  const { id: _id, etag: _etag, modified: _modified, ...request } = r;
  return request;
}

export async function updateRequest(
  ctx: StoreContext,
  id: number,
  patch: Partial<ReviewRequest>,
  etag: string,
  known?: Stored<ReviewRequest>,
): Promise<Stored<ReviewRequest>> {
  const list = ListTitles.reviewRequests;
  // The caller's copy at this ETag is what a read would return; if the item changed since, the
  // conditional write below is refused all the same (412), so the read before and after is saved.
  const knownCopy = known && known.id === id && known.etag === etag ? withoutStorage(known) : undefined;
  const current: ReviewRequest =
    knownCopy ??
    restoreRequest(
      await getItem(ctx.sp, list, id, { operation: `read review request ${id}`, list, itemId: id }),
      [],
    );
  // The key, risk, period and owner identify the request; they never change.
  const { key: _k, riskId: _r, periodId: _p, owner: _o, ...changeable } = patch;
  const next: ReviewRequest = { ...current, ...changeable };
  const before = requestRow(current);
  const after = requestRow(next);
  checkRow(list, after, current.key);
  const changes = diffRows(before, after);
  const errorCtx = { operation: `update review request ${current.key}`, list, itemId: id };
  const payload = payloadOf(
    after,
    changes.map((c) => c.field),
  );
  const restore = (i: Item) => restoreRequest(i, []);
  let stored: Stored<ReviewRequest>;
  if (knownCopy) {
    // `modified` is this instance's clock at the write; a read would give the server's.
    // Claims and statuses of the owners in flight meet here: they share `$batch`es (coalesce.ts).
    const newEtag = await mergeItem(ctx.sp, list, id, payload, etag, errorCtx, restore, coalescerOf(ctx.sp));
    stored = { ...next, id, etag: newEtag, modified: new Date().toISOString() };
  } else {
    stored = restoreRequest(await updateItem(ctx.sp, list, id, payload, etag, errorCtx, restore), []);
  }
  await appendAudit(
    ctx.sp,
    changesToAudit(changes, {
      actor: reviewServiceActor,
      source: 'scheduler',
      entity: 'review-request',
      entityId: id,
      risk: { id: current.riskId, reference: current.riskReference, register: current.register },
      version: stored.etag,
    }),
  );
  return stored;
}

/** The ReviewRequestStore over SharePoint lists, for the spfi from createSpClient (or a shared context). */
export function createReviewRequestStore(sp: SPFI | StoreContext): ReviewRequestStore {
  const ctx = 'people' in sp ? sp : createStoreContext(sp);
  return {
    ensureRequests: (requests) => ensureRequests(ctx, requests),
    listRequests: (filter) => listFor(ctx, filter.periodId, filter.status, filter.riskId),
    listOutstanding: () => listOutstanding(ctx),
    updateRequest: (id, patch, etag, current) => updateRequest(ctx, id, patch, etag, current),
  };
}
