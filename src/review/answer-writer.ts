/**
 * Writes an accepted answer: the period snapshot and the risk's rating under the ETag the owner saw,
 * then marks the period's requests for the risk answered. When SharePoint cannot take the write, the
 * answer goes to the outbox first and is retried by `drainOutbox`, so it is never lost.
 */
import { nextRequestStatus } from '../ports/request-status';
import type { PeriodSnapshot } from '../domain';
import {
  AnswerSupersededError,
  ConflictError,
  PermissionDeniedError,
  StoredDataError,
  ValidationError,
} from '../ports/errors';
import type { Actor, AnswerState, Stored, StoredRisk } from '../ports';
import type { ReviewDeps } from './context';
import type { Dispatcher } from './dispatcher';
import {
  DRAIN_LEASE_MS,
  heldOutbox,
  isBookkeeping,
  outboxKey,
  type Outbox,
  type PendingAnswer,
  type PendingInvoke,
} from './outbox';
import type { Card } from './cards';
import { notOursNotice, type WriteOutcome } from './answer-cards';

export type { WriteOutcome } from './answer-cards';
import { loadRiskReview, recordedCard, reviewCard } from './review-cards';
import { cardActivity } from './teams-client';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Errors that retrying cannot fix: show them, do not queue. */
function isPermanent(err: unknown): boolean {
  return (
    err instanceof ValidationError || err instanceof PermissionDeniedError || err instanceof StoredDataError
  );
}

/** Delay before outbox attempt `n`: 30 s doubling, at most 30 minutes. */
export function outboxDelayMs(n: number): number {
  return Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, n - 1));
}

/** Marks every open request of the risk and period answered (any owner's answer settles the risk). */
export async function markAnswered(
  deps: ReviewDeps,
  riskId: number,
  periodId: string,
  answeredAt: string,
): Promise<void> {
  const requests = await deps.requests.listRequests({ periodId, riskId });
  for (const r of requests.filter((q) => q.status !== 'answered')) {
    try {
      await deps.requests.updateRequest(
        r.id,
        { status: nextRequestStatus(r.status, 'answered'), answeredAt, lastError: undefined },
        r.etag,
      );
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // Changed meanwhile (a send completing): read it again and try once more.
      const fresh = (await deps.requests.listRequests({ periodId, riskId })).find((q) => q.id === r.id);
      if (fresh && fresh.status !== 'answered') {
        await deps.requests.updateRequest(
          fresh.id,
          { status: nextRequestStatus(fresh.status, 'answered'), answeredAt, lastError: undefined },
          fresh.etag,
        );
      }
    }
  }
}

/**
 * Answers whose write is running in this process (keys): the drain leaves their outbox entries alone,
 * so a slow write and its own retry never race each other for the claim.
 */
const inFlight = new WeakMap<Outbox, Map<string, number>>();

/**
 * Whether an answer for this key is being written (or checked) by this instance right now: per
 * outbox, so two instances in one process (tests) do not see each other's writes as their own.
 */
export const isWriting = (outbox: Outbox, key: string): boolean => (inFlight.get(outbox)?.get(key) ?? 0) > 0;

/** Marks an answer for `key` as being handled by this instance until the returned release is called. */
export function holdInFlight(outbox: Outbox, key: string): () => void {
  const held = inFlight.get(outbox) ?? new Map<string, number>();
  inFlight.set(outbox, held);
  held.set(key, (held.get(key) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (held.get(key) ?? 1) - 1;
    if (n > 0) held.set(key, n);
    else held.delete(key);
  };
}

/** Removes the outbox entry of this very answer (not a newer answer kept under the same key). */
async function removeOwn(deps: ReviewDeps, pending: PendingAnswer): Promise<void> {
  const kept = await deps.outbox.get(pending.key);
  if (!kept) return;
  const same =
    kept.kind !== 'invoke' &&
    !isBookkeeping(kept) &&
    kept.snapshot.recordedAt === pending.snapshot.recordedAt &&
    kept.actor.id === pending.actor.id;
  if (same) await deps.outbox.remove(pending.key);
}

/**
 * Writes an answer now; on a transient failure it is queued in the outbox before returning. With
 * `state` (what the person was shown, read in one round trip) and a store that offers
 * recordAnswer, the write is one `$batch` plus the audit entry.
 */
export async function writeAnswer(
  deps: ReviewDeps,
  pending: PendingAnswer,
  state?: AnswerState,
): Promise<WriteOutcome> {
  const release = holdInFlight(deps.outbox, pending.key);
  try {
    return await write(deps, pending, state);
  } finally {
    release();
  }
}

async function write(deps: ReviewDeps, pending: PendingAnswer, state?: AnswerState): Promise<WriteOutcome> {
  const { riskId, periodId } = pending;
  try {
    const input = {
      riskId,
      riskEtag: pending.riskEtag,
      snapshot: pending.snapshot,
      actor: pending.actor,
      source: 'card' as const,
      ...(pending.snapshotEtag === undefined ? {} : { snapshotEtag: pending.snapshotEtag }),
    };
    let result: { snapshot: Stored<PeriodSnapshot>; risk: StoredRisk };
    let unsettled = true;
    if (state && deps.store.recordAnswer) {
      const recorded = await deps.store.recordAnswer(input, state);
      result = recorded;
      unsettled = recorded.unsettledRequests.length > 0;
    } else {
      result = await deps.store.recordReview(input);
    }
    await removeOwn(deps, pending);
    try {
      if (unsettled) await markAnswered(deps, riskId, periodId, result.snapshot.recordedAt);
    } catch (err) {
      // The review itself is recorded; the request status is bookkeeping the next walk repairs.
      deps.log.error(
        `Recorded ${pending.snapshot.riskReference} but could not mark its requests answered: ${errorText(err)}`,
      );
    }
    return { kind: 'recorded', ...result };
  } catch (err) {
    if (err instanceof AnswerSupersededError) {
      await removeOwn(deps, pending);
      const recorded = err.current as Stored<PeriodSnapshot> | undefined;
      return { kind: 'superseded', message: err.message, recorded };
    }
    if (err instanceof ConflictError) {
      await removeOwn(deps, pending);
      return { kind: 'conflict', message: err.message };
    }
    if (isPermanent(err)) {
      await removeOwn(deps, pending);
      return { kind: 'refused', message: errorText(err) };
    }
    const attempts = pending.attempts + 1;
    const now = deps.clock.now();
    await deps.outbox.put({
      ...pending,
      attempts,
      lastError: errorText(err),
      nextAttemptAt: new Date(now + outboxDelayMs(attempts)).toISOString(),
    });
    deps.log.warn(`Answer for ${pending.snapshot.riskReference} ${periodId} queued: ${errorText(err)}`, {
      attempts,
    });
    return { kind: 'queued', message: errorText(err) };
  }
}

export type DrainReport = {
  recorded: string[];
  conflicts: string[];
  refused: string[];
  stillQueued: string[];
  /** Answers kept unchecked and now replayed through the handler (recorded or refused with a card). */
  replayed: string[];
};

/**
 * Replays an answer that could not be checked when it arrived (SharePoint unreadable) through the full
 * answer handler; returns the card to show, and whether it is still waiting.
 */
export type ReplayInvoke = (entry: PendingInvoke) => Promise<{ card: Card; queued: boolean }>;

/**
 * Retries queued answers that are due, and replaces their cards with the outcome. Answers that arrived
 * before they could be checked need `replay` (the service passes the handler's); without it they wait.
 */
export async function drainOutbox(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  replay?: ReplayInvoke,
): Promise<DrainReport> {
  const report: DrainReport = { recorded: [], conflicts: [], refused: [], stillQueued: [], replayed: [] };
  for (const due of await deps.outbox.due(new Date(deps.clock.now()).toISOString())) {
    if (isBookkeeping(due)) continue;
    if (isWriting(deps.outbox, due.key)) {
      // Its first write is still running here (a slow SharePoint): that write settles it.
      report.stillQueued.push(due.key);
      continue;
    }
    if (due.kind === 'invoke' && !replay) {
      report.stillQueued.push(due.key);
      continue;
    }
    // Another instance may drain too: take the entry at the version read (a lease), or leave it.
    const hold = await deps.outbox.take(due.key, new Date(deps.clock.now()).toISOString(), DRAIN_LEASE_MS);
    if (!hold || isBookkeeping(hold.entry)) continue;
    const entry = hold.entry;
    if (entry.kind === 'invoke') {
      if (!replay) {
        report.stillQueued.push(entry.key);
        continue;
      }
      const result = await replay(entry);
      (result.queued ? report.stillQueued : report.replayed).push(entry.key);
      if (!result.queued && entry.conversationId && entry.activityId) {
        try {
          await dispatcher.update(
            entry.conversationId,
            entry.activityId,
            cardActivity(result.card, 'Your review answer'),
          );
        } catch (err) {
          deps.log.warn(`Could not update the card for ${entry.key}: ${errorText(err)}`);
        }
      }
      continue;
    }
    const pending = entry;
    // Written, refused or queued again only while the lease holds (heldOutbox).
    const outcome = await writeAnswer({ ...deps, outbox: heldOutbox(deps.outbox, hold) }, pending);
    const where =
      pending.conversationId && pending.activityId
        ? { c: pending.conversationId, a: pending.activityId }
        : undefined;
    if (outcome.kind === 'queued') {
      report.stillQueued.push(pending.key);
      continue;
    }
    (outcome.kind === 'recorded'
      ? report.recorded
      : outcome.kind === 'conflict' || outcome.kind === 'superseded'
        ? report.conflicts
        : report.refused
    ).push(pending.key);
    if (!where) continue;
    try {
      const review = await loadRiskReview(deps, pending.riskId, pending.periodId);
      const card =
        outcome.kind === 'recorded'
          ? recordedCard(deps, review, outcome.snapshot)
          : outcome.kind === 'superseded' && review.snapshot
            ? recordedCard(deps, review, review.snapshot, {
                notice: notOursNotice(review.snapshot),
              })
            : reviewCard(deps, review, {
                notice: {
                  style: 'attention',
                  title: 'Your answer could not be recorded',
                  text:
                    outcome.kind === 'conflict'
                      ? `${review.risk.reference} was changed by someone else before your queued answer could be written. The latest values are shown: check them and answer again.`
                      : outcome.message,
                },
                entered: { comment: pending.snapshot.comment },
              });
      await dispatcher.update(where.c, where.a, cardActivity(card, `Review ${review.risk.reference}`));
    } catch (err) {
      deps.log.warn(`Could not update the card for ${pending.key}: ${errorText(err)}`);
    }
  }
  return report;
}

export { outboxKey };
export type { Actor };
