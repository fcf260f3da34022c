/**
 * The owner's intro card of a period (sender.ts sends it before the cards): claimed in the local
 * state before it is sent, so a restart never repeats it; after a taken-over claim, looked for in the
 * chat first when there is a delivery check. It is a courtesy: a failure is logged, never fatal.
 */
import type { ReviewRequest, Stored } from '../ports';
import { formatDate } from './card-data';
import { expandCard } from './cards';
import type { ReviewDeps } from './context';
import { isIntroFor } from './delivery-check';
import type { Dispatcher } from './dispatcher';
import { introKey, NEVER } from './outbox';
import { cardActivity, type OwnerContact } from './teams-client';

/** A card the intro lists, with what the sender already read for it (no second read for the intro). */
type IntroReview = { request: Stored<ReviewRequest>; title: string; periodLabel: string; dueBy: string };

/** Claims, checks and sends the intro: at most one attempt per owner's chat and period. */
export async function sendIntroOnce(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  to: { conversationId: string; contact: OwnerContact; ownerName: string },
  reviews: IntroReview[],
  takenOver: string[],
): Promise<void> {
  if (!(await claimIntro(deps, to.conversationId, reviews[0]!.request.periodId))) return;
  if (await introDelivered(deps, to.conversationId, to.contact, reviews, takenOver)) return;
  await sendIntro(deps, dispatcher, to.conversationId, to.ownerName, reviews);
}

/**
 * Claims the owner's intro for the period in the service's state before it is sent; false when an
 * earlier run or another instance (running now, or one that died) already claimed it. The claim is one
 * conditional write (insert if absent), so of two instances sending at once exactly one sends.
 */
async function claimIntro(deps: ReviewDeps, conversationId: string, periodId: string): Promise<boolean> {
  const key = introKey(periodId, conversationId);
  const claimed = await deps.outbox.claim({
    kind: 'intro',
    key,
    conversationId,
    periodId,
    attempts: 0,
    createdAt: new Date(deps.clock.now()).toISOString(),
    nextAttemptAt: NEVER,
  });
  return claimed !== undefined;
}

/** When a claim was taken over, an intro the dead instance sent is not sent again. */
async function introDelivered(
  deps: ReviewDeps,
  conversationId: string,
  owner: OwnerContact,
  reviews: { periodLabel: string }[],
  takenOver: string[],
): Promise<boolean> {
  if (!deps.deliveryCheck || takenOver.length === 0) return false;
  const result = await deps.deliveryCheck.find({
    conversationId,
    owner,
    since: [...takenOver].sort()[0]!,
    matches: isIntroFor(reviews[0]!.periodLabel),
  });
  return result.status === 'delivered';
}

async function sendIntro(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  conversationId: string,
  ownerName: string,
  reviews: IntroReview[],
): Promise<void> {
  const { periodLabel, dueBy } = reviews[0]!;
  const count = reviews.length;
  const card = expandCard('intro', {
    period: { label: periodLabel, dueBy: formatDate(dueBy) },
    ownerName: ownerName.split(' ')[0] ?? ownerName,
    count,
    countText: count === 1 ? 'You have 1 risk to review' : `You have ${count} risks to review`,
    risks: reviews.map((r) => ({ reference: r.request.riskReference, title: r.title })),
    url: deps.links.myRisks(ownerName),
  });
  try {
    // With a delivery check, an intro that may have arrived is not sent twice: it is only a courtesy.
    await dispatcher.send(
      conversationId,
      cardActivity(card, `${periodLabel} risk review: ${count} to review`),
      { retryUncertain: !deps.deliveryCheck },
    );
  } catch (err) {
    // The cards matter; the intro is a courtesy. Log and carry on.
    deps.log.warn(
      `Could not send the intro to ${ownerName}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
