/**
 * Sends the pending review requests of a period: per owner, find the 1:1 chat, send a short intro and
 * one card per risk, and mark each request sent. A request is claimed (attempts + 1, sentAt = now)
 * under its ETag before anything goes out, so two instances never both send it; a claim whose
 * instance died is taken over after a lease. Owners who cannot be reached are marked unreachable
 * with the reason and retried on the next run.
 */
import { ConflictError } from '../sharepoint/errors';
import type { ReviewRequest, Stored } from '../sharepoint/ports';
import { formatDate } from './card-data';
import { expandCard } from './cards';
import type { ReviewDeps } from './context';
import type { Dispatcher } from './dispatcher';
import { dueBy, isOpen, loadRiskReview, reviewCard } from './review-cards';
import { NEVER, sentKey } from './outbox';
import { cardActivity, isUnreachable, type ConversationResult } from './teams-client';

/** A claimed send not confirmed within 10 minutes is presumed lost with its instance. */
export const DEFAULT_CLAIM_LEASE_MS = 10 * 60 * 1000;

export type SendReport = {
  sent: { key: string; activityId: string }[];
  unreachable: { key: string; owner: string; reason: string }[];
  failed: { key: string; error: string }[];
  /** Claimed by another instance (or answered meanwhile): left alone. */
  skipped: string[];
};

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
  const all = await deps.requests.listRequests({ periodId });
  // Unreachable owners are tried again every run, also after managers were told (escalated, never sent).
  const todo = all.filter(
    (r) =>
      r.status === 'pending' || r.status === 'unreachable' || (r.status === 'escalated' && !r.activityId),
  );
  const byOwner = new Map<number, Stored<ReviewRequest>[]>();
  for (const r of todo) byOwner.set(r.owner.id, [...(byOwner.get(r.owner.id) ?? []), r]);
  const owners = [...byOwner.values()];
  const workers = Math.max(1, Math.min(deps.concurrency ?? 4, owners.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < owners.length) {
        const group = owners[next++]!;
        const hadCard = all.some(
          (r) => r.owner.id === group[0]!.owner.id && r.activityId !== undefined && ACTIVE.includes(r.status),
        );
        await sendToOwner(deps, dispatcher, group, !hadCard, report);
      }
    }),
  );
  return report;
}

async function claim(
  deps: ReviewDeps,
  r: Stored<ReviewRequest>,
  report: SendReport,
): Promise<Stored<ReviewRequest> | undefined> {
  const now = deps.clock.now();
  const lease = deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  if (r.sentAt && !r.activityId && now - Date.parse(r.sentAt) < lease) {
    report.skipped.push(r.key);
    return undefined;
  }
  try {
    return await deps.requests.updateRequest(
      r.id,
      { attempts: r.attempts + 1, sentAt: new Date(now).toISOString() },
      r.etag,
    );
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
    { status: r.status === 'escalated' ? 'escalated' : 'unreachable', lastError: reason, sentAt: undefined },
    r.etag,
  );
}

async function sendToOwner(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  group: Stored<ReviewRequest>[],
  withIntro: boolean,
  report: SendReport,
): Promise<void> {
  const claimed: Stored<ReviewRequest>[] = [];
  for (const r of group) {
    const c = await claim(deps, r, report);
    if (c) claimed.push(c);
  }
  if (claimed.length === 0) return;
  const owner = claimed[0]!.owner;
  let conversation: ConversationResult;
  try {
    conversation = await deps.teams.ensureConversation({
      personId: owner.id,
      name: owner.name,
      ...(owner.email ? { email: owner.email } : {}),
    });
  } catch (err) {
    conversation = { ok: false, reason: `Teams could not open a chat with ${owner.name}: ${errorText(err)}` };
  }
  if (!conversation.ok) {
    for (const r of claimed) await markUnreachable(deps, r, conversation.reason, report);
    return;
  }
  const { conversationId } = conversation;
  const refreshUserIds = conversation.userId ? [conversation.userId] : [];
  const reviews: { request: Stored<ReviewRequest>; card: Record<string, unknown>; title: string }[] = [];
  for (const r of claimed) {
    try {
      if (await recoverSent(deps, r, report)) continue;
      const review = await loadRiskReview(deps, r.riskId, r.periodId);
      if (review.snapshot && review.snapshot.outcome !== 'not-reviewed') {
        // Answered in the tab after the request was made: no card needed.
        await deps.requests.updateRequest(
          r.id,
          { status: 'answered', answeredAt: review.snapshot.recordedAt, sentAt: undefined },
          r.etag,
        );
        report.skipped.push(r.key);
        continue;
      }
      if (!isOpen(review.settings, review.period, deps.clock.now())) {
        await deps.requests.updateRequest(r.id, { status: 'closed', sentAt: undefined }, r.etag);
        report.skipped.push(r.key);
        continue;
      }
      reviews.push({
        request: r,
        card: reviewCard(deps, review, { refreshUserIds }),
        title: review.risk.title,
      });
    } catch (err) {
      report.failed.push({ key: r.key, error: errorText(err) });
      await release(deps, r, errorText(err));
    }
  }
  if (reviews.length === 0) return;
  if (withIntro) await sendIntro(deps, dispatcher, conversationId, owner.name, reviews);
  for (const { request, card, title } of reviews) {
    try {
      const sent = await dispatcher.send(
        conversationId,
        cardActivity(card, `Review ${request.riskReference}: ${title}`),
      );
      const sentAt = new Date(deps.clock.now()).toISOString();
      // Local first: if the process dies before SharePoint has the status, the restart will not resend.
      await deps.outbox.put({
        kind: 'sent',
        key: sentKey(request.key),
        requestKey: request.key,
        conversationId,
        activityId: sent.id,
        sentAt,
        attempts: 0,
        createdAt: sentAt,
        nextAttemptAt: NEVER,
      });
      report.sent.push({ key: request.key, activityId: sent.id });
      await markSent(deps, request, conversationId, sent.id, sentAt);
    } catch (err) {
      if (isUnreachable(err)) {
        await markUnreachable(
          deps,
          request,
          `Teams refused the message (${errorText(err)}); the app may have been removed.`,
          report,
        );
      } else {
        report.failed.push({ key: request.key, error: errorText(err) });
        await release(deps, request, errorText(err));
      }
    }
  }
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
      { status: 'sent', conversationId, activityId, sentAt, lastError: undefined },
      request.etag,
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

/** Gives a claim back so the next run retries at once, keeping the error for the status view. */
async function release(deps: ReviewDeps, r: Stored<ReviewRequest>, error: string): Promise<void> {
  deps.log.error(
    `Could not send the ${r.periodId} card for ${r.riskReference} to ${r.owner.name}: ${error}`,
    { key: r.key },
  );
  try {
    await deps.requests.updateRequest(r.id, { sentAt: undefined, lastError: error.slice(0, 2000) }, r.etag);
  } catch (err) {
    deps.log.error(`Could not record the send failure of ${r.key}: ${errorText(err)}`);
  }
}

async function sendIntro(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  conversationId: string,
  ownerName: string,
  reviews: { request: Stored<ReviewRequest>; title: string }[],
): Promise<void> {
  const first = reviews[0]!.request;
  const review = await loadRiskReview(deps, first.riskId, first.periodId);
  const count = reviews.length;
  const card = expandCard('intro', {
    period: { label: review.period.label, dueBy: formatDate(dueBy(review.settings, review.period)) },
    ownerName: ownerName.split(' ')[0] ?? ownerName,
    count,
    countText: count === 1 ? 'You have 1 risk to review' : `You have ${count} risks to review`,
    risks: reviews.map((r) => ({ reference: r.request.riskReference, title: r.title })),
    url: deps.links.myRisks(ownerName),
  });
  try {
    await dispatcher.send(
      conversationId,
      cardActivity(card, `${review.period.label} risk review: ${count} to review`),
    );
  } catch (err) {
    // The cards matter; the intro is a courtesy. Log and carry on.
    deps.log.warn(`Could not send the intro to ${ownerName}: ${errorText(err)}`);
  }
}
