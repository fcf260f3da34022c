/**
 * Sends the pending review requests of a period: per owner, find the 1:1 chat, send a short intro and
 * one card per risk, and mark each request sent. A request is claimed (attempts + 1, sentAt = now)
 * under its ETag before anything goes out, so two instances never both send it; a claim whose
 * instance died is taken over after a lease. Owners who cannot be reached are marked unreachable
 * with the reason and retried on the next run.
 *
 * Teams has no idempotency key, so a card Teams kept but never acknowledged (the instance died, or
 * the answer was lost) could be sent twice. With a delivery check (production: Graph), a taken-over
 * claim and a send without a clear answer first look for the card in the owner's chat, and a card
 * that is there is recorded, not sent again. Without one, the card is sent again: nobody is missed,
 * and the owner may see it twice.
 */
import {
  DEFAULT_CLAIM_LEASE_MS,
  MAX_CLAIMS_BEFORE_BLIND_RESEND,
  SETTLE_MS,
  type SendReport,
} from './send-limits';
import { nextRequestStatus } from '../ports/request-status';
import { ConflictError } from '../ports/errors';
import type { ReviewRequest, Stored } from '../ports';
import type { ReviewDeps } from './context';
import { isReviewCardFor } from './delivery-check';
import type { Dispatcher } from './dispatcher';
import type { Card } from './cards';
import { dueBy, isOpen, loadRiskReview, reviewCard } from './review-cards';
import { NEVER, sentKey } from './outbox';
import { sendIntroOnce } from './sender-intro';
import { isOwedInReplacedChat, replacedChats } from './conversation-moves';
import {
  cardActivity,
  isUncertain,
  isUnreachable,
  type ConversationResult,
  ownerContact,
  type OutgoingActivity,
  type OwnerContact,
} from './teams-client';
import type { IdentityResult } from './identity';

/**
 * Owners handled at once by one instance. Each owner costs SharePoint round trips one after another
 * (the claim, the risk's review state, the sent status, their audit entries), 100-500 ms each on
 * SharePoint Online, so latency, not Teams, set the pace: two instances with 4 owners each in flight
 * delivered 0.10-0.12 of Teams' 50/s together at 50 ms a round trip, and 0.28-0.52 with 16
 * and the claim and status written without a re-read (bench/review-sends.ts, `BENCH_ONLY=sends`). The cards of one owner still go one after another
 * (per-chat limits); the tenant's budget is shared between instances (send-budget.ts).
 */
export const DEFAULT_OWNERS_IN_FLIGHT = 16;

export * from './send-limits';

/** A request this instance holds, and when the claim it took over was made (an instance that died). */
type Claimed = { request: Stored<ReviewRequest>; takenOverFrom?: string };

/** A review card ready to go to its owner's chat. */
type PendingCard = {
  request: Stored<ReviewRequest>;
  contact: OwnerContact;
  conversationId: string;
  activity: OutgoingActivity;
};

/** A card whose send had no clear answer, waiting for the settle pass. */
type Uncertain = PendingCard & { failedAt: number };

const ACTIVE: ReviewRequest['status'][] = ['sent', 'answered', 'reminded', 'escalated'];

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Sends every pending (or previously unreachable) request of the period. */
export async function sendPending(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  periodId: string,
): Promise<SendReport> {
  const report: SendReport = { sent: [], unreachable: [], failed: [], skipped: [] };
  const uncertain: Uncertain[] = [];
  const all = await deps.requests.listRequests({ periodId });
  const moved = await replacedChats(deps, all);
  // Unreachable owners are tried again every run, also after managers were told (escalated, never sent),
  // and a card still owed in a chat that was replaced for its owner is sent again in the new chat.
  const todo = all.filter(
    (r) =>
      r.status === 'pending' ||
      r.status === 'unreachable' ||
      (r.status === 'escalated' && !r.activityId) ||
      isOwedInReplacedChat(r, moved),
  );
  const byOwner = new Map<number, Stored<ReviewRequest>[]>();
  for (const r of todo) byOwner.set(r.owner.id, [...(byOwner.get(r.owner.id) ?? []), r]);
  const owners = [...byOwner.values()];
  const workers = Math.max(1, Math.min(deps.concurrency ?? DEFAULT_OWNERS_IN_FLIGHT, owners.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < owners.length) {
        const group = owners[next++]!;
        const hadCard = all.some(
          (r) =>
            r.owner.id === group[0]!.owner.id &&
            r.activityId !== undefined &&
            ACTIVE.includes(r.status) &&
            !(r.conversationId && moved.has(r.conversationId)),
        );
        await sendToOwner(deps, dispatcher, group, !hadCard, report, uncertain);
      }
    }),
  );
  await settleUncertain(deps, dispatcher, uncertain, report);
  return report;
}

async function claim(
  deps: ReviewDeps,
  r: Stored<ReviewRequest>,
  report: SendReport,
): Promise<Claimed | undefined> {
  const now = deps.clock.now();
  const lease = deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  if (r.sentAt && !r.activityId && now - Date.parse(r.sentAt) < lease) {
    report.skipped.push(r.key);
    return undefined;
  }
  try {
    // Taking over a claim keeps the time of the first claim that never recorded its send: an
    // instance that died after taking over (before its delivery check) must not hide an older send.
    const takenOverFrom = r.sentAt && !r.activityId ? (r.claimedSince ?? r.sentAt) : undefined;
    const request = await deps.requests.updateRequest(
      r.id,
      { attempts: r.attempts + 1, sentAt: new Date(now).toISOString(), claimedSince: takenOverFrom },
      r.etag,
      r,
    );
    return takenOverFrom ? { request, takenOverFrom } : { request };
  } catch (err) {
    if (err instanceof ConflictError) {
      report.skipped.push(r.key);
      return undefined;
    }
    throw err;
  }
}

async function markUnreachable(
  deps: ReviewDeps,
  r: Stored<ReviewRequest>,
  reason: string,
  report: SendReport,
): Promise<void> {
  report.unreachable.push({ key: r.key, owner: r.owner.name, reason });
  deps.log.warn(`Cannot reach ${r.owner.name} for ${r.riskReference}: ${reason}`, { key: r.key });
  // Once managers were told (escalated), the status stays so the digest does not repeat every walk.
  await deps.requests.updateRequest(
    r.id,
    {
      status: nextRequestStatus(r.status, 'unreachable'),
      lastError: reason,
      sentAt: undefined,
      claimedSince: undefined,
    },
    r.etag,
  );
}

async function sendToOwner(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  group: Stored<ReviewRequest>[],
  withIntro: boolean,
  report: SendReport,
  uncertain: Uncertain[],
): Promise<void> {
  const claimed: Claimed[] = [];
  for (const r of group) {
    const c = await claim(deps, r, report);
    if (c) claimed.push(c);
  }
  if (claimed.length === 0) return;
  const owner = claimed[0]!.request.owner;
  const identity = await deps.identities.resolve(owner).catch((err: unknown): IdentityResult => ({
    ok: false,
    reason: `The Entra account of ${owner.name} could not be looked up: ${errorText(err)}`,
  }));
  if (!identity.ok) {
    for (const c of claimed) await markUnreachable(deps, c.request, identity.reason, report);
    return;
  }
  const contact = ownerContact(owner, identity.identity);
  let conversation: ConversationResult;
  try {
    conversation = await deps.teams.ensureConversation(contact);
  } catch (err) {
    conversation = { ok: false, reason: `Teams could not open a chat with ${owner.name}: ${errorText(err)}` };
  }
  if (!conversation.ok) {
    for (const c of claimed) await markUnreachable(deps, c.request, conversation.reason, report);
    return;
  }
  const { conversationId } = conversation;
  const refreshUserIds = conversation.userId ? [conversation.userId] : [];
  const reviews: {
    request: Stored<ReviewRequest>;
    card: Card;
    title: string;
    periodLabel: string;
    dueBy: string;
  }[] = [];
  for (const { request: r, takenOverFrom } of claimed) {
    try {
      if (r.activityId && r.conversationId === conversationId) {
        // Owed in a replaced chat, but the owner's chat is still that one: the card is there already.
        report.skipped.push(r.key);
        continue;
      }
      if (await recoverSent(deps, r, report)) continue;
      if (
        takenOverFrom &&
        (await recoverDelivered(deps, r, contact, conversationId, takenOverFrom, report)) !== 'send'
      )
        continue;
      const review = await loadRiskReview(deps, r.riskId, r.periodId);
      if (review.snapshot && review.snapshot.outcome !== 'not-reviewed') {
        // Answered in the tab after the request was made: no card needed.
        await deps.requests.updateRequest(
          r.id,
          {
            status: nextRequestStatus(r.status, 'answered'),
            answeredAt: review.snapshot.recordedAt,
            sentAt: undefined,
            claimedSince: undefined,
          },
          r.etag,
        );
        report.skipped.push(r.key);
        continue;
      }
      if (!isOpen(review.settings, review.period, deps.clock.now(), deps.timeZone)) {
        await deps.requests.updateRequest(
          r.id,
          { status: nextRequestStatus(r.status, 'close'), sentAt: undefined, claimedSince: undefined },
          r.etag,
        );
        report.skipped.push(r.key);
        continue;
      }
      reviews.push({
        request: r,
        card: reviewCard(deps, review, { refreshUserIds }),
        title: review.risk.title,
        periodLabel: review.period.label,
        dueBy: dueBy(review.settings, review.period),
      });
    } catch (err) {
      report.failed.push({ key: r.key, error: errorText(err) });
      await release(deps, r, errorText(err));
    }
  }
  if (reviews.length === 0) return;
  const takenOver = claimed.map((c) => c.takenOverFrom).filter((t): t is string => t !== undefined);
  if (withIntro)
    await sendIntroOnce(
      deps,
      dispatcher,
      { conversationId, contact, ownerName: owner.name },
      reviews,
      takenOver,
    );
  for (const { request, card, title } of reviews) {
    const activity = cardActivity(card, `Review ${request.riskReference}: ${title}`);
    await deliverCard(deps, dispatcher, { request, contact, conversationId, activity }, report, uncertain);
  }
}

/**
 * Sends one review card. A failure that may have been delivered (no answer, 502, 504) is not retried
 * blindly when the owner's chat can be checked: it goes on `uncertain` for the settle pass, or, on
 * the second time, keeps its claim so the next walk checks the chat after the lease.
 */
async function deliverCard(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  card: PendingCard,
  report: SendReport,
  uncertain: Uncertain[] | undefined,
): Promise<void> {
  const { request, conversationId, activity } = card;
  try {
    const sent = await dispatcher.send(conversationId, activity, { retryUncertain: !deps.deliveryCheck });
    const sentAt = new Date(deps.clock.now()).toISOString();
    await recordSent(deps, request, conversationId, sent.id, sentAt, report);
  } catch (err) {
    if (isUnreachable(err)) {
      await markUnreachable(
        deps,
        request,
        `Teams refused the message (${errorText(err)}); the app may have been removed.`,
        report,
      );
    } else if (deps.deliveryCheck && isUncertain(err)) {
      const what = `the ${request.periodId} card for ${request.riskReference} to ${request.owner.name}`;
      if (uncertain) {
        deps.log.warn(
          `Teams did not say whether it kept ${what} (${errorText(err)}); checking the chat before sending again.`,
          { key: request.key },
        );
        uncertain.push({ ...card, failedAt: deps.clock.now() });
      } else {
        const error = `Teams did not say whether it kept the card (${errorText(err)}); the next walk checks the chat and sends it if it is not there.`;
        deps.log.warn(`Held ${what}: ${error}`, { key: request.key });
        report.failed.push({ key: request.key, error });
        // The claim stays: after its lease the next walk takes it over through the delivery check.
        await deps.requests
          .updateRequest(request.id, { lastError: error.slice(0, 2000) }, request.etag)
          .catch((e: unknown) =>
            deps.log.error(`Could not record the held send of ${request.key}: ${errorText(e)}`),
          );
      }
    } else {
      report.failed.push({ key: request.key, error: errorText(err) });
      await release(deps, request, errorText(err));
    }
  }
}

/**
 * The settle pass: once Teams has had time to show a card whose send had no clear answer, look for it
 * in the chat, and send only if it is not there.
 */
async function settleUncertain(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  uncertain: Uncertain[],
  report: SendReport,
): Promise<void> {
  for (const u of uncertain) {
    const wait = u.failedAt + SETTLE_MS - deps.clock.now();
    if (wait > 0) await deps.clock.sleep(wait);
    try {
      const since = u.request.claimedSince ?? u.request.sentAt ?? new Date(u.failedAt).toISOString();
      const verdict = await recoverDelivered(deps, u.request, u.contact, u.conversationId, since, report);
      if (verdict === 'send') await deliverCard(deps, dispatcher, u, report, undefined);
    } catch (err) {
      report.failed.push({ key: u.request.key, error: errorText(err) });
      await release(deps, u.request, errorText(err));
    }
  }
}

/** Local first: if the process dies before SharePoint has the status, the restart will not resend. */
async function recordSent(
  deps: ReviewDeps,
  request: Stored<ReviewRequest>,
  conversationId: string,
  activityId: string,
  sentAt: string,
  report: SendReport,
): Promise<void> {
  // Insert if absent: a record already there is another instance's send of a claim this one took
  // over (its lease ran out while it was sending); the first record is kept and the double is logged.
  const recorded = await deps.outbox.claim({
    kind: 'sent',
    key: sentKey(request.key),
    requestKey: request.key,
    conversationId,
    activityId,
    sentAt,
    attempts: 0,
    createdAt: sentAt,
    nextAttemptAt: NEVER,
  });
  if (!recorded)
    deps.log.warn(
      `${request.key} was also sent by another instance (its claim ran out while it was sending); the owner may see the card twice.`,
    );
  report.sent.push({ key: request.key, activityId });
  await markSent(deps, request, conversationId, activityId, sentAt);
}

async function markSent(
  deps: ReviewDeps,
  request: Stored<ReviewRequest>,
  conversationId: string,
  activityId: string,
  sentAt: string,
): Promise<void> {
  try {
    await deps.requests.updateRequest(
      request.id,
      {
        status: nextRequestStatus(request.status, 'delivered'),
        conversationId,
        activityId,
        sentAt,
        claimedSince: undefined,
        lastError: undefined,
      },
      request.etag,
      request,
    );
  } catch (err) {
    // The owner answered before we marked it sent: the answer's status wins.
    if (!(err instanceof ConflictError)) throw err;
  }
  await deps.outbox.remove(sentKey(request.key));
}

/**
 * A claimed request whose card Teams already accepted (recorded locally) just gets its status; it is
 * not sent again. True when it was recovered.
 */
async function recoverSent(deps: ReviewDeps, r: Stored<ReviewRequest>, report: SendReport): Promise<boolean> {
  const record = await deps.outbox.get(sentKey(r.key));
  if (record?.kind !== 'sent') return false;
  deps.log.info(`Recovered the send of ${r.key} from local state; not sending it again.`);
  await markSent(deps, r, record.conversationId, record.activityId, record.sentAt);
  report.sent.push({ key: r.key, activityId: record.activityId });
  return true;
}

/**
 * A claim taken over from an instance that died before recording its send: the card may already be
 * in the owner's chat. Asks the delivery check; `send` when the card is not there (or nobody can
 * tell and waiting longer will not help), `recovered` when it is, `deferred` when the check failed
 * for a passing reason and the next walk should ask again.
 */
async function recoverDelivered(
  deps: ReviewDeps,
  r: Stored<ReviewRequest>,
  owner: OwnerContact,
  conversationId: string,
  since: string,
  report: SendReport,
): Promise<'send' | 'recovered' | 'deferred'> {
  const what = `the ${r.periodId} card for ${r.riskReference} to ${r.owner.name}`;
  if (!deps.deliveryCheck) {
    deps.log.warn(
      `An instance that stopped had claimed ${what} without recording the send, and no delivery check is configured: sending it (the owner may see it twice).`,
      { key: r.key },
    );
    return 'send';
  }
  const result = await deps.deliveryCheck.find({
    conversationId,
    owner,
    since,
    matches: isReviewCardFor(r.riskId, r.periodId),
  });
  if (result.status === 'delivered') {
    deps.log.info(`Teams already has ${what} (sent by an instance that stopped); not sending it again.`, {
      key: r.key,
    });
    await recordSent(
      deps,
      r,
      conversationId,
      result.activityId,
      new Date(deps.clock.now()).toISOString(),
      report,
    );
    return 'recovered';
  }
  if (result.status === 'not-delivered') return 'send';
  if (result.retryable && r.attempts < MAX_CLAIMS_BEFORE_BLIND_RESEND) {
    const error = `Could not check whether Teams already has the card (${result.reason}); the next walk checks again before sending.`;
    deps.log.warn(`Held ${what}: ${error}`, { key: r.key });
    // The claim goes back to its original time, so the next walk takes it over and asks again.
    await deps.requests.updateRequest(r.id, { sentAt: since, lastError: error.slice(0, 2000) }, r.etag);
    report.skipped.push(r.key);
    return 'deferred';
  }
  deps.log.warn(
    `Could not check whether Teams already has ${what} (${result.reason}); sending it so the owner is not missed (they may see it twice).`,
    { key: r.key },
  );
  return 'send';
}

/** Gives a claim back so the next run retries at once, keeping the error for the status view. */
async function release(deps: ReviewDeps, r: Stored<ReviewRequest>, error: string): Promise<void> {
  deps.log.error(
    `Could not send the ${r.periodId} card for ${r.riskReference} to ${r.owner.name}: ${error}`,
    { key: r.key },
  );
  try {
    await deps.requests.updateRequest(
      r.id,
      { sentAt: undefined, claimedSince: undefined, lastError: error.slice(0, 2000) },
      r.etag,
    );
  } catch (err) {
    deps.log.error(`Could not record the send failure of ${r.key}: ${errorText(err)}`);
  }
}
