/**
 * Answering Teams within its window while SharePoint is slow: the deadline on a whole card action,
 * the deadline on an accepted answer's write, answers kept unchecked in the outbox, and the card
 * replaced in place once the slow work settles.
 */
import { card, queuedCard, outcomeCard, type InvokeResult } from './answer-cards';
import type { Answerer } from './answer-validation';
import { holdInFlight, outboxDelayMs, writeAnswer } from './answer-writer';
import type { Card } from './cards';
import type { CardActionData } from './card-signing';
import type { ReviewDeps } from './context';
import { outboxKey, type PendingAnswer, type PendingInvoke } from './outbox';
import { noticeCard, type RiskReview } from './review-cards';
import { cardActivity } from './teams-client';

export type CardInvoke = {
  verb: string;
  /** `action.data` as Teams sends it: the card's data merged with the inputs. */
  data: Record<string, unknown>;
  from: { id: string; aadObjectId?: string; name?: string };
  conversationId?: string;
  /** Id of the message holding the card. */
  replyToId?: string;
  /** The answerer's email when already known (a replayed answer); shown, never matched on. */
  answererEmail?: string;
};

/**
 * Who is behind an invoke: `from.aadObjectId` as Teams sent it, else (production) the conversation's
 * roster, inside the send budget.
 */
export type IdentifyAnswerer = (
  from: CardInvoke['from'],
  conversationId: string | undefined,
) => Promise<Answerer>;

export const VERBS = ['confirm', 'change', 'refresh', 'edit', 'retry'] as const;
export type Verb = (typeof VERBS)[number];

/** How far an answer has got: `checked` once it is accepted and kept in the outbox (answerWithin). */
export type Progress = { receivedAt: number; checked: boolean };

/** The task's result, or 'late' once `answerBy` (a Date.now() value) has passed first. */
async function byDeadline<T>(task: Promise<T>, answerBy: number): Promise<T | 'late'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, answerBy - Date.now()));
  });
  try {
    return await Promise.race([task, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Answers Teams by `answerBy` even when SharePoint is too slow to be read: if the answer has not been
 * checked by then, it is kept unchecked in the outbox (as when SharePoint cannot be read at all),
 * Teams gets "being recorded", and the handling goes on; its card then replaces this one (an answer
 * accepted meanwhile is settled by answerWithin, which replaces the card itself).
 */
export async function withinDeadline(
  deps: ReviewDeps,
  identify: IdentifyAnswerer,
  invoke: CardInvoke,
  at: Progress,
  run: Promise<InvokeResult>,
  answerBy: number,
): Promise<InvokeResult> {
  const first = await byDeadline(run, answerBy);
  const data = first === 'late' && !at.checked ? deps.signer.verify(invoke.data) : undefined;
  if (first !== 'late' || !data) return first === 'late' ? run : first;
  const key = outboxKey(data.riskId, data.periodId);
  const release = holdInFlight(deps.outbox, key);
  const who = await identify(invoke.from, invoke.conversationId);
  const kept: PendingInvoke = {
    kind: 'invoke',
    key,
    verb: invoke.verb as 'confirm' | 'change',
    data: invoke.data,
    answerer: { ...who, ...(invoke.answererEmail && !who.email ? { email: invoke.answererEmail } : {}) },
    conversationId: invoke.conversationId!,
    activityId: invoke.replyToId!,
    attempts: 0,
    createdAt: new Date(deps.clock.now()).toISOString(),
    nextAttemptAt: new Date(deps.clock.now() + outboxDelayMs(1)).toISOString(),
  };
  // Accepted meanwhile: answerWithin keeps it and answers by the same deadline.
  if (at.checked) {
    release();
    return run;
  }
  await deps.outbox.put(kept);
  void run
    .then(async (result) => {
      if (at.checked) return;
      // Settled without a write (refused, out of date, closed...): its card, and nothing kept.
      const still = await deps.outbox.get(key);
      // Only the entry kept here: an answer queued by the handling itself (lastError set) stays.
      const ours =
        still?.kind === 'invoke' &&
        still.createdAt === kept.createdAt &&
        still.attempts === 0 &&
        still.lastError === undefined;
      if (ours) await deps.outbox.remove(key);
      await replaceCard(
        deps,
        { conversationId: kept.conversationId!, activityId: kept.activityId! },
        result.value,
      );
    })
    .catch((err: unknown) => {
      deps.log.warn(
        `Could not finish the slow answer ${key}: ${err instanceof Error ? err.message : String(err)}`,
      );
    })
    .finally(release);
  deps.log.info(`Answer for ${key} not yet checked at its deadline; Teams answered from the outbox`);
  return card(
    noticeCard({
      style: 'accent',
      title: 'Your answer is being recorded',
      subject: `${data.periodId} review`,
      text: 'SharePoint is slow to respond. Your answer is kept safely; it is checked and written as soon as SharePoint answers, and this card will change to show the outcome. There is no need to answer again.',
    }),
  );
}

export async function queueUnchecked(
  deps: ReviewDeps,
  identify: IdentifyAnswerer,
  invoke: CardInvoke,
  data: CardActionData,
  verb: Verb,
  err: unknown,
): Promise<Card> {
  const key = outboxKey(data.riskId, data.periodId);
  const existing = await deps.outbox.get(key);
  const message = err instanceof Error ? err.message : String(err);
  if (verb === 'retry') {
    // A retry of an answer already queued: leave it queued; nothing new to keep.
    return queuedCard(deps, data, message);
  }
  // Who answered is settled now (Teams, not SharePoint); whether they may answer is checked on replay.
  const who = await identify(invoke.from, invoke.conversationId);
  const attempts = (existing?.attempts ?? 0) + 1;
  const now = deps.clock.now();
  await deps.outbox.put({
    kind: 'invoke',
    key,
    verb: verb as 'confirm' | 'change',
    data: invoke.data,
    answerer: { ...who, ...(invoke.answererEmail && !who.email ? { email: invoke.answererEmail } : {}) },
    ...(invoke.conversationId ? { conversationId: invoke.conversationId } : {}),
    ...(invoke.replyToId ? { activityId: invoke.replyToId } : {}),
    attempts,
    lastError: message,
    createdAt: new Date(now).toISOString(),
    nextAttemptAt: new Date(now + outboxDelayMs(attempts)).toISOString(),
  });
  deps.log.warn(`Answer for risk ${data.riskId} ${data.periodId} kept unchecked: ${message}`);
  return queuedCard(deps, data, message);
}

/**
 * Writes the answer, answering Teams by `answerBy` whatever SharePoint does: the answer is put in
 * the outbox first (durable), so if the write is still running at the deadline Teams gets a "being
 * recorded" card, and the write's own outcome card replaces it in place when it settles. Nobody is
 * shown "Recorded" before their answer is the record.
 */
export async function answerWithin(
  deps: ReviewDeps,
  review: RiskReview,
  pending: PendingAnswer,
  /** Date.now() by which Teams is answered: the deadline counted from the invoke's arrival. */
  answerBy: number,
  refreshUserIds: string[],
  entered: Parameters<typeof outcomeCard>[4],
  where: { conversationId: string; activityId: string },
): Promise<InvokeResult> {
  // Kept for the drain only if this process stops before the write settles; until then it is not due.
  await deps.outbox.put({
    ...pending,
    nextAttemptAt: new Date(deps.clock.now() + outboxDelayMs(1)).toISOString(),
  });
  const written = writeAnswer(deps, pending, review.state);
  const first = await byDeadline(written, answerBy);
  if (first !== 'late') return outcomeCard(deps, review, first, refreshUserIds, entered);
  void written
    .then(async (outcome) => {
      const result = await outcomeCard(deps, review, outcome, refreshUserIds, entered);
      await replaceCard(deps, where, result.value);
    })
    .catch((err: unknown) => {
      deps.log.warn(
        `Could not replace the card of ${pending.key} after its slow write: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  deps.log.info(
    `Answer for ${pending.key} still being written at its deadline; Teams answered from the outbox`,
  );
  return card(recordingCard(deps, review, pending));
}

export async function replaceCard(
  deps: ReviewDeps,
  where: { conversationId: string; activityId: string },
  value: Card,
): Promise<void> {
  if (deps.updateCard) return deps.updateCard(where.conversationId, where.activityId, value);
  await deps.teams.update(where.conversationId, where.activityId, cardActivity(value, 'Your review answer'));
}

/** The card shown while an accepted answer is still being written: kept, not yet recorded. */
export function recordingCard(deps: ReviewDeps, review: RiskReview, pending: PendingAnswer): Card {
  const rating = pending.snapshot.current;
  return noticeCard({
    style: 'accent',
    title: 'Your answer is being recorded',
    subject: `${review.period.label} review of ${review.risk.reference}: ${review.risk.title}`,
    text: 'SharePoint is slow to respond. Your answer is kept safely and this card will change to the recorded answer as soon as it is written; there is no need to answer again.',
    details: [
      ...(rating ? [`Your rating: likelihood ${rating.likelihood}, impact ${rating.impact}`] : []),
      ...(pending.snapshot.comment ? [`Your comment: ${pending.snapshot.comment}`] : []),
    ],
    url: deps.links.risk(review.risk.id, review.risk.reference),
  });
}
