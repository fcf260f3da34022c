/**
 * Answers `adaptiveCard/action` invokes from review cards. Order of checks: a known verb, signed card
 * data, the risk, the person (owner or delegate), the period still open, a newer answer, the inputs,
 * the version; only then a write. Each refusal returns a card that says what was wrong, and nothing is
 * written. The returned card replaces the invoking user's card.
 */
import { buildSnapshot } from '../domain';
import { NotFoundError } from '../ports/errors';
import {
  card,
  conflictCard,
  isOwnAnswer,
  isTransientStorage,
  outcomeCard,
  type InvokeResult,
} from './answer-cards';
import { checkAnswer, matchOwnerOrDelegate } from './answer-validation';
import { isWriting, writeAnswer } from './answer-writer';
import { formatDate } from './card-data';
import type { Card } from './cards';
import type { CardActionData } from './card-signing';
import type { ReviewDeps } from './context';
import { isBookkeeping, outboxKey, type PendingAnswer, type PendingInvoke } from './outbox';
import {
  answerWithin,
  queueUnchecked,
  recordingCard,
  VERBS,
  withinDeadline,
  type CardInvoke,
  type IdentifyAnswerer,
  type Progress,
  type Verb,
} from './invoke-deadline';
import {
  dueBy,
  isOpen,
  loadRiskReview,
  noticeCard,
  recordedCard,
  reviewCard,
  type RiskReview,
} from './review-cards';

export type { InvokeResult } from './answer-cards';
export type { CardInvoke, IdentifyAnswerer } from './invoke-deadline';

/** Handles one card action. Never throws for bad input; unexpected failures become an error card. */
export async function handleCardAction(
  deps: ReviewDeps,
  identify: IdentifyAnswerer,
  invoke: CardInvoke,
): Promise<InvokeResult> {
  const at: Progress = { receivedAt: Date.now(), checked: false };
  const run = guarded(deps, invoke, () => handle(deps, identify, invoke, at));
  const deadline = deps.answerDeadlineMs;
  if (
    deadline === undefined ||
    (invoke.verb !== 'confirm' && invoke.verb !== 'change') ||
    !invoke.conversationId ||
    !invoke.replyToId
  ) {
    return run;
  }
  return withinDeadline(deps, identify, invoke, at, run, at.receivedAt + deadline);
}

async function guarded(
  deps: ReviewDeps,
  invoke: CardInvoke,
  task: () => Promise<InvokeResult>,
): Promise<InvokeResult> {
  try {
    return await task();
  } catch (err) {
    deps.log.error(`Card action ${invoke.verb} failed: ${err instanceof Error ? err.message : String(err)}`);
    return card(
      noticeCard({
        title: 'Something went wrong',
        text: 'Your answer was not recorded because the service hit an unexpected error. Try again in a minute; if it keeps happening, tell the risk team.',
        details: [err instanceof Error ? err.message : String(err)],
      }),
    );
  }
}

async function handle(
  deps: ReviewDeps,
  identify: IdentifyAnswerer,
  invoke: CardInvoke,
  at: Progress,
): Promise<InvokeResult> {
  if (!(VERBS as readonly string[]).includes(invoke.verb)) {
    return card(
      noticeCard({
        title: 'Unknown action',
        text: `This card sent the action "${invoke.verb}", which the review service does not know. Nothing was recorded.`,
      }),
    );
  }
  const verb = invoke.verb as Verb;
  const data = deps.signer.verify(invoke.data);
  if (!data) {
    deps.log.warn('Refused a card action whose data failed the signature check', { from: invoke.from.id });
    return card(
      noticeCard({
        title: 'This card cannot be used',
        text: "The card's data was changed or damaged, so it cannot be trusted. Nothing was recorded. Open the risk in the register, or ask the risk team to send the card again.",
      }),
    );
  }
  let review: RiskReview;
  try {
    review = await loadRiskReview(deps, data.riskId, data.periodId);
  } catch (err) {
    if (err instanceof NotFoundError) {
      return card(
        noticeCard({
          title: 'Risk not found',
          text: `Risk ${data.riskId} is no longer in the register (it may have been deleted). Nothing was recorded.`,
        }),
      );
    }
    if (isTransientStorage(err) && (verb === 'confirm' || verb === 'change' || verb === 'retry')) {
      return card(await queueUnchecked(deps, identify, invoke, data, verb, err));
    }
    throw err;
  }
  const { risk, period } = review;
  const subject = `${period.label} review of ${risk.reference}: ${risk.title}`;
  const url = deps.links.risk(risk.id, risk.reference);
  const who = await identify(invoke.from, invoke.conversationId);
  const match = await matchOwnerOrDelegate(risk, who, deps.identities);
  if (!match) {
    const owners = risk.owners.map((o) => o.name).join(', ') || 'no one';
    return card(
      noticeCard({
        title: 'Only the risk owner can answer',
        subject,
        text: who.aadObjectId
          ? `${who.name ?? 'You'} ${who.email ? `(${who.email}) ` : ''}is not an owner or delegate of ${risk.reference}; its owners are ${owners}. Nothing was recorded.`
          : `Teams did not say which Microsoft Entra account sent this answer, so it cannot be matched to an owner of ${risk.reference} (${owners}). Nothing was recorded; open the card in Teams signed in with your work account.`,
        url,
      }),
    );
  }
  const refreshUserIds = [invoke.from.id];
  if (!isOpen(review.settings, period, deps.clock.now(), deps.timeZone)) {
    const text = `The ${period.label} review closed on ${formatDate(dueBy(review.settings, period))}. Nothing was recorded; this shows the risk as it stands.`;
    return card(
      review.snapshot
        ? recordedCard(deps, review, review.snapshot, {
            notice: { style: 'warning', title: 'This review has closed', text },
          })
        : noticeCard({ style: 'warning', title: 'This review has closed', subject, text, url }),
    );
  }
  if (verb === 'refresh') {
    return card(
      review.snapshot
        ? recordedCard(deps, review, review.snapshot, { refreshUserIds })
        : reviewCard(deps, review, { refreshUserIds }),
    );
  }
  if (verb === 'edit') {
    return card(
      reviewCard(deps, review, {
        refreshUserIds,
        ...(review.snapshot ? { entered: { comment: review.snapshot.comment } } : {}),
        notice: {
          style: 'accent',
          title: 'Change your answer',
          text: 'Your new answer replaces the one recorded for this period.',
        },
      }),
    );
  }
  const pending = await deps.outbox.get(outboxKey(risk.id, period.id));
  if (
    verb === 'retry' &&
    pending &&
    pending.kind !== 'invoke' &&
    !isBookkeeping(pending) &&
    isWriting(deps.outbox, pending.key)
  ) {
    // Its write is still running: that write settles it and replaces the card.
    return card(recordingCard(deps, review, pending));
  }
  if (verb === 'retry' && pending?.kind === 'invoke') {
    return card((await replayInvoke(deps, pending)).card);
  }
  if (verb === 'retry')
    return retry(
      deps,
      review,
      pending && pending.kind !== 'invoke' && !isBookkeeping(pending)
        ? { ...pending, nextAttemptAt: new Date(0).toISOString() }
        : undefined,
      refreshUserIds,
    );
  return answer(deps, review, verb, data, invoke, match.person, refreshUserIds, at);
}

/**
 * Whether an answer recorded at `recordedAt` is at least as new as a card issued at `issuedAt`.
 * SharePoint keeps DateTime to the second, so the card's time is compared to the second too: an
 * answer written in the same second as the card was issued still counts as newer.
 */
export function answeredSince(recordedAt: string, issuedAt: string): boolean {
  const recorded = Date.parse(recordedAt);
  const issued = Date.parse(issuedAt);
  if (Number.isNaN(recorded) || Number.isNaN(issued)) return false;
  return recorded >= Math.floor(issued / 1000) * 1000;
}

/**
 * Replays a kept, unchecked answer through the whole handler with the identity recorded when it
 * arrived. Returns the card to show and whether it is still waiting for SharePoint.
 */
export async function replayInvoke(
  deps: ReviewDeps,
  entry: PendingInvoke,
): Promise<{ card: Card; queued: boolean }> {
  // The entry stays until the handler is done with it, so an instance that dies mid-replay leaves it
  // for the next drain (after its lease): recorded, the writer removes it; queued again, it changes.
  const before = JSON.stringify(await deps.outbox.get(entry.key));
  const fixed: IdentifyAnswerer = async () => entry.answerer;
  // Replayed in the background: no Teams window to answer within, so no deadline of its own; and
  // written one step at a time (recordReview), which finishes an earlier attempt that already landed
  // (an instance that died mid-write) instead of refusing it as a rival answer.
  const { answerDeadlineMs: _deadline, ...rest } = deps;
  const { recordAnswer: _fast, ...store } = deps.store;
  const background: ReviewDeps = { ...rest, store };
  const result = await handleCardAction(background, fixed, {
    verb: entry.verb,
    data: entry.data,
    from: {
      id: entry.answerer.userId,
      ...(entry.answerer.aadObjectId ? { aadObjectId: entry.answerer.aadObjectId } : {}),
      ...(entry.answerer.name ? { name: entry.answerer.name } : {}),
    },
    ...(entry.conversationId ? { conversationId: entry.conversationId } : {}),
    ...(entry.activityId ? { replyToId: entry.activityId } : {}),
    ...(entry.answerer.email ? { answererEmail: entry.answerer.email } : {}),
  });
  const after = await deps.outbox.get(entry.key);
  if (after === undefined) return { card: result.value, queued: false };
  // Untouched: the handler answered with a card (a refusal, or recorded before): nothing left to keep.
  if (JSON.stringify(after) === before) await deps.outbox.remove(entry.key);
  return { card: result.value, queued: JSON.stringify(after) !== before };
}

async function retry(
  deps: ReviewDeps,
  review: RiskReview,
  pending: Parameters<typeof writeAnswer>[1] | undefined,
  refreshUserIds: string[],
) {
  if (!pending) {
    return card(
      review.snapshot
        ? recordedCard(deps, review, review.snapshot, { refreshUserIds })
        : reviewCard(deps, review, { refreshUserIds }),
    );
  }
  const rating = pending.snapshot.current;
  return outcomeCard(deps, review, await writeAnswer(deps, pending), refreshUserIds, {
    comment: pending.snapshot.comment,
    ...(rating
      ? { submitted: { comment: pending.snapshot.comment, rating, personId: pending.actor.id } }
      : {}),
  });
}

async function answer(
  deps: ReviewDeps,
  review: RiskReview,
  verb: 'confirm' | 'change',
  data: CardActionData,
  invoke: CardInvoke,
  person: { id?: number; name: string; email?: string },
  refreshUserIds: string[],
  at: Progress,
): Promise<InvokeResult> {
  const { risk, settings, period, snapshot } = review;
  const check = checkAnswer(verb, invoke.data, risk, settings.matrix);
  if (snapshot && snapshot.outcome !== 'not-reviewed' && answeredSince(snapshot.recordedAt, data.issuedAt)) {
    // A newer answer exists. The same person's same answer again (a double submit) simply shows it.
    const same =
      check.ok &&
      isOwnAnswer(snapshot, {
        comment: check.answer.comment,
        rating: check.answer.rating,
        personId: person.id,
      });
    return card(
      recordedCard(deps, review, snapshot, {
        refreshUserIds,
        ...(same
          ? {}
          : {
              notice: {
                style: 'warning',
                title: 'This card was out of date',
                text: `${snapshot.recordedBy?.name ?? 'Someone'} answered this review after the card was sent, so your answer was not recorded. Press "Change my answer" to replace it.`,
              },
            }),
      }),
    );
  }
  if (data.riskVersion !== risk.etag) {
    // The owner answered against values that are no longer current: show the latest before anything else.
    const typed = typeof invoke.data.comment === 'string' ? invoke.data.comment : '';
    return card(conflictCard(deps, review, refreshUserIds, typed));
  }
  if (!check.ok) {
    return card(
      reviewCard(deps, review, {
        refreshUserIds,
        entered: check.entered,
        notice: {
          style: 'attention',
          title: 'Please correct your answer',
          text: `Nothing was recorded yet. ${check.problems.join(' ')}`,
        },
      }),
    );
  }
  if (person.id === undefined) {
    return card(
      noticeCard({
        title: 'Cannot record your answer',
        text: `${person.name} is not a user of the register site, so the answer cannot be attributed. Ask the risk team to add them.`,
      }),
    );
  }
  const built = buildSnapshot({ ...risk, current: check.answer.rating }, settings.matrix, {
    periodId: period.id,
    comment: check.answer.comment,
    recordedBy: { id: person.id, name: person.name, ...(person.email ? { email: person.email } : {}) },
    recordedAt: new Date(deps.clock.now()).toISOString(),
    source: 'card',
    outcome: check.answer.outcome,
    ...(settings.defaultAppetite === undefined ? {} : { defaultAppetite: settings.defaultAppetite }),
  });
  if (!built.ok) {
    return card(
      noticeCard({ title: 'Cannot record your answer', text: built.errors.map((e) => e.message).join(' ') }),
    );
  }
  const nowIso = new Date(deps.clock.now()).toISOString();
  const pending: PendingAnswer = {
    key: outboxKey(risk.id, period.id),
    riskId: risk.id,
    periodId: period.id,
    riskEtag: data.riskVersion,
    // The answer this one replaces, as loaded: the write is refused if another answer got there first.
    snapshotEtag: snapshot?.etag ?? null,
    snapshot: structuredClone(built.value) as typeof built.value,
    actor: { id: person.id, name: person.name, ...(person.email ? { email: person.email } : {}) },
    ...(invoke.conversationId ? { conversationId: invoke.conversationId } : {}),
    ...(invoke.replyToId ? { activityId: invoke.replyToId } : {}),
    attempts: 0,
    createdAt: nowIso,
    nextAttemptAt: nowIso,
  };
  const entered = {
    comment: check.answer.comment,
    submitted: { comment: check.answer.comment, rating: check.answer.rating, personId: person.id },
  };
  const deadline = deps.answerDeadlineMs;
  if (deadline === undefined || !invoke.conversationId || !invoke.replyToId) {
    return outcomeCard(deps, review, await writeAnswer(deps, pending, review.state), refreshUserIds, entered);
  }
  at.checked = true;
  return answerWithin(deps, review, pending, at.receivedAt + deadline, refreshUserIds, entered, {
    conversationId: invoke.conversationId,
    activityId: invoke.replyToId,
  });
}
