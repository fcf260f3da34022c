/**
 * The cards that answer an owner's submission once it has been checked: recorded, the risk changed
 * (412), refused, or kept while SharePoint is unavailable.
 */
import type { PeriodSnapshot, Rating } from '../domain';
import { ConflictError, StorageError, ThrottledError } from '../ports/errors';
import type { Stored, StoredRisk } from '../ports';
import type { Card, Notice } from './cards';
import type { CardActionData } from './card-signing';
import type { ReviewDeps } from './context';
import { formatDate, formatDateTime } from './card-data';
import { loadRiskReview, noticeCard, recordedCard, reviewCard, type RiskReview } from './review-cards';

export type InvokeResult = {
  statusCode: 200;
  type: 'application/vnd.microsoft.card.adaptive';
  value: Card;
};

export const card = (value: Card): InvokeResult => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value,
});

/** SharePoint is unavailable or throttling (after the client's own retries), as opposed to refusing. */
export function isTransientStorage(err: unknown): boolean {
  if (err instanceof ThrottledError) return true;
  return (
    err instanceof StorageError &&
    !(err instanceof ConflictError) &&
    (err.status === undefined || err.status >= 500)
  );
}

/** The card for an answer kept while SharePoint is unavailable, with a Retry button. */
export function queuedCard(deps: ReviewDeps, data: CardActionData, message: string): Card {
  return noticeCard({
    style: 'warning',
    title: 'Saved: waiting for SharePoint',
    subject: `${data.periodId} review`,
    text: 'The register could not be reached just now. Your answer is kept safely and will be checked and written automatically within a few minutes; you can also press Retry.',
    details: [message],
    retry: {
      verb: 'retry',
      title: 'Retry now',
      data: deps.signer.sign({
        riskId: data.riskId,
        periodId: data.periodId,
        riskVersion: data.riskVersion,
        issuedAt: data.issuedAt,
      }),
    },
  });
}

/** The review card again with the latest values, asking to confirm again (412). */
export function conflictCard(
  deps: ReviewDeps,
  review: RiskReview,
  refreshUserIds: string[],
  comment: string,
): Card {
  return reviewCard(deps, review, {
    refreshUserIds,
    entered: { comment },
    notice: {
      style: 'warning',
      title: 'The risk changed since this card was sent',
      text: `${review.risk.reference} was updated (last change ${formatDate(review.risk.modified, deps.timeZone)}). The latest values are shown below; check the rating and confirm again. Nothing was recorded yet.`,
    },
  });
}

/** What one submission said, to compare with what was recorded. */
export type Submitted = { comment: string; rating: Rating; personId: number | undefined };

/** True when the recorded answer is this person's and says exactly what they submitted (a double submit). */
export function isOwnAnswer(recorded: PeriodSnapshot, submitted: Submitted): boolean {
  return (
    submitted.personId !== undefined &&
    recorded.recordedBy?.id === submitted.personId &&
    recorded.comment === submitted.comment &&
    recorded.current?.likelihood === submitted.rating.likelihood &&
    recorded.current?.impact === submitted.rating.impact
  );
}

/** The notice on the record shown to someone whose answer lost to it: theirs was not recorded. */
export function notOursNotice(recorded: PeriodSnapshot): Notice {
  return {
    style: 'warning',
    title: 'Another answer was recorded first',
    text: `${recorded.recordedBy?.name ?? 'Someone'} recorded the answer below at ${formatDateTime(recorded.recordedAt)}, so your answer was not recorded. Press "Change my answer" if yours should replace it.`,
  };
}

/** What became of an answer's write (answer-writer.ts). */
export type WriteOutcome =
  | { kind: 'recorded'; snapshot: Stored<PeriodSnapshot>; risk: StoredRisk }
  | { kind: 'conflict'; message: string }
  /** Another answer for the period won; `recorded` is it, when it could be read. */
  | { kind: 'superseded'; message: string; recorded: Stored<PeriodSnapshot> | undefined }
  | { kind: 'refused'; message: string }
  | { kind: 'queued'; message: string };

/** The card that answers a write: recorded, conflict, refused or queued. */
export async function outcomeCard(
  deps: ReviewDeps,
  review: RiskReview,
  outcome: WriteOutcome,
  refreshUserIds: string[],
  entered: { comment: string; submitted?: Submitted },
): Promise<InvokeResult> {
  switch (outcome.kind) {
    case 'superseded': {
      // Show the answer that won, read again: by whom and when, and that this one was not recorded.
      const fresh = await loadRiskReview(deps, review.risk.id, review.period.id);
      const recorded = fresh.snapshot ?? outcome.recorded;
      if (!recorded) {
        return card(
          reviewCard(deps, fresh, {
            refreshUserIds,
            entered: { comment: entered.comment },
            notice: {
              style: 'warning',
              title: 'Another answer was being recorded',
              text: 'Someone else answered this review at the same moment and theirs could not be read back. Nothing of yours was recorded: check the values below and answer again.',
            },
          }),
        );
      }
      const own = entered.submitted !== undefined && isOwnAnswer(recorded, entered.submitted);
      return card(
        recordedCard(deps, fresh, recorded, {
          refreshUserIds,
          ...(own ? {} : { notice: notOursNotice(recorded) }),
        }),
      );
    }
    case 'recorded': {
      const fresh = { ...review, risk: outcome.risk, snapshot: outcome.snapshot };
      return card(recordedCard(deps, fresh, outcome.snapshot, { refreshUserIds }));
    }
    case 'conflict':
      return card(
        conflictCard(
          deps,
          await loadRiskReview(deps, review.risk.id, review.period.id),
          refreshUserIds,
          entered.comment,
        ),
      );
    case 'refused':
      return card(
        noticeCard({
          title: 'Your answer was refused',
          subject: `${review.period.label} review of ${review.risk.reference}`,
          text: outcome.message,
        }),
      );
    case 'queued':
      return card(
        noticeCard({
          style: 'warning',
          title: 'Saved: waiting for SharePoint',
          subject: `${review.period.label} review of ${review.risk.reference}`,
          text: 'The register could not be updated just now. Your answer is kept safely and will be written automatically within a few minutes; you can also press Retry.',
          details: [outcome.message],
          retry: {
            verb: 'retry',
            title: 'Retry now',
            data: deps.signer.sign({
              riskId: review.risk.id,
              periodId: review.period.id,
              riskVersion: review.risk.etag,
              issuedAt: new Date(deps.clock.now()).toISOString(),
            }),
          },
          url: deps.links.risk(review.risk.id, review.risk.reference),
        }),
      );
  }
}
