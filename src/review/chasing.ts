/**
 * Chasing a period's outstanding reviews: a reminder (a fresh card) after the register's reminder days,
 * escalation after its escalation days with a digest card to the managers' channel, and at cut-off the
 * period is closed: every risk still without an answer gets a `not-reviewed` snapshot, so the history
 * (and the committee paper) shows the gap instead of skipping it.
 *
 * A reminder is claimed (remindedAt, under the ETag) before it is sent, so two instances never both
 * send it, and one whose send was never acknowledged is looked for in the chat (delivery check) after
 * the claim lease rather than sent twice.
 */
import { nextRequestStatus } from '../ports/request-status';
import { buildSnapshot, type RegisterSettings } from '../domain';
import { ConflictError } from '../ports/errors';
import type { ReviewRequest, Stored } from '../ports';
import { formatDate, ratingText } from './card-data';
import { expandCard } from './cards';
import { calendarDay, daysBetween } from './clock';
import type { ReviewDeps } from './context';
import type { Dispatcher } from './dispatcher';
import { dueBy, isOpen, loadRiskReview, reviewCard, type RiskReview } from './review-cards';
import { escalatedKey, NEVER, type EscalatedRecord, type OutboxHold } from './outbox';
import { isReminderFor } from './delivery-check';
import { DEFAULT_CLAIM_LEASE_MS } from './sender';
import { cardActivity, isUncertain, ownerContact } from './teams-client';

/** A digest lists this many outstanding reviews; the rest are counted and linked. */
export const DIGEST_LIMIT = 25;

export type ChaseReport = {
  reminded: string[];
  escalated: string[];
  digests: { register: string; channelId: string; count: number }[];
  /** Registers whose escalations could not be posted (no managers' channel set, or the send failed). */
  undelivered: { register: string; reason: string }[];
  closed: string[];
  notReviewed: string[];
};

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function withReviews(deps: ReviewDeps, requests: Stored<ReviewRequest>[]) {
  const cache = new Map<number, RiskReview>();
  const out: { request: Stored<ReviewRequest>; review: RiskReview }[] = [];
  for (const request of requests) {
    let review = cache.get(request.riskId);
    if (!review) {
      review = await loadRiskReview(deps, request.riskId, request.periodId);
      cache.set(request.riskId, review);
    }
    out.push({ request, review });
  }
  return out;
}

/** Sends reminders and escalations that are due; closes the period once its cut-off has passed. */
export async function chasePeriod(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  periodId: string,
): Promise<ChaseReport> {
  const report: ChaseReport = {
    reminded: [],
    escalated: [],
    digests: [],
    undelivered: [],
    closed: [],
    notReviewed: [],
  };
  const open = await deps.requests.listRequests({
    periodId,
    status: ['pending', 'sent', 'reminded', 'escalated', 'unreachable'],
  });
  if (open.length === 0) return report;
  const items = await withReviews(deps, open);
  const now = deps.clock.now();
  const nowIso = new Date(now).toISOString();
  const closing = items.filter(({ review }) => !isOpen(review.settings, review.period, now, deps.timeZone));
  if (closing.length > 0) await closeRequests(deps, closing, report);
  const live = items.filter(({ review }) => isOpen(review.settings, review.period, now, deps.timeZone));

  const toEscalate = new Map<string, { settings: RegisterSettings; items: typeof live }>();
  for (const item of live) {
    const { request, review } = item;
    const { reminderAfterDays, escalateAfterDays } = review.settings.review;
    const age = request.sentAt && request.activityId ? daysBetween(request.sentAt, now) : undefined;
    // An owner who cannot be reached gets no card to wait for: managers hear at the next walk.
    const unreachable = request.status === 'unreachable';
    if (
      unreachable ||
      ((request.status === 'sent' || request.status === 'reminded') &&
        age !== undefined &&
        age >= escalateAfterDays)
    ) {
      const entry = toEscalate.get(review.risk.register) ?? { settings: review.settings, items: [] };
      entry.items.push(item);
      toEscalate.set(review.risk.register, entry);
    } else if (
      request.status === 'sent' &&
      age !== undefined &&
      age >= reminderAfterDays &&
      request.conversationId
    ) {
      await remind(deps, dispatcher, request, review, nowIso, report);
    }
  }
  for (const [register, { settings, items: due }] of toEscalate) {
    // The digest lists everything still outstanding in the register, the earlier escalations included.
    const earlier = live.filter(
      (i) => i.review.risk.register === register && i.request.status === 'escalated',
    );
    await escalate(deps, dispatcher, register, settings, [...due, ...earlier], due, nowIso, report);
  }
  return report;
}

async function remind(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  request: Stored<ReviewRequest>,
  review: RiskReview,
  nowIso: string,
  report: ChaseReport,
): Promise<void> {
  const card = reviewCard(deps, review, {
    kind: 'reminder',
    notice: {
      style: 'warning',
      title: 'Reminder',
      text: `Your ${review.period.label} review of ${review.risk.reference} is still outstanding. Please answer by ${formatDate(dueBy(review.settings, review.period))}.`,
    },
  });
  const conversationId = request.conversationId!;
  const what = `the ${review.period.label} reminder for ${request.riskReference} to ${request.owner.name}`;
  try {
    // A reminder claimed earlier (remindedAt set, status still sent) whose instance never finished.
    if (request.remindedAt) {
      if (deps.clock.now() - Date.parse(request.remindedAt) < (deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS))
        return;
      // Without the owner's Entra identity the chat cannot be looked up: the reminder is sent again.
      const identity = deps.deliveryCheck ? await deps.identities.resolve(request.owner) : undefined;
      if (deps.deliveryCheck && identity?.ok) {
        const found = await deps.deliveryCheck.find({
          conversationId,
          owner: ownerContact(request.owner, identity.identity),
          since: request.remindedAt,
          matches: isReminderFor(request.riskId, request.periodId),
        });
        if (found.status === 'delivered') {
          deps.log.info(`Teams already has ${what}; recording it, not sending it again.`, {
            key: request.key,
          });
          await markReminded(deps, request, found.activityId, request.remindedAt, report);
          return;
        }
        if (found.status === 'unknown' && found.retryable) {
          deps.log.warn(
            `Held ${what}: could not check the chat (${found.reason}); the next walk checks again.`,
            {
              key: request.key,
            },
          );
          return;
        }
      }
    }
    // Claim first, so a second instance's walk skips it and a crash after the send can be checked.
    const claimed = await deps.requests.updateRequest(request.id, { remindedAt: nowIso }, request.etag);
    let sent: { id: string };
    try {
      sent = await dispatcher.send(
        conversationId,
        cardActivity(card, `Reminder: review ${review.risk.reference}`),
        {
          retryUncertain: !deps.deliveryCheck,
        },
      );
    } catch (err) {
      if (deps.deliveryCheck && isUncertain(err)) {
        // The claim stays: the next walk, after the lease, looks for it in the chat.
        deps.log.warn(
          `Teams did not say whether it kept ${what} (${errorText(err)}); the next walk checks the chat.`,
          {
            key: request.key,
          },
        );
        return;
      }
      // Refused: give the claim back so the next walk tries again.
      await deps.requests
        .updateRequest(request.id, { remindedAt: undefined }, claimed.etag)
        .catch(() => undefined);
      throw err;
    }
    await markReminded(deps, claimed, sent.id, nowIso, report);
  } catch (err) {
    if (err instanceof ConflictError) return; // answered or handled by another instance meanwhile
    deps.log.error(
      `Could not remind ${request.owner.name} about ${request.riskReference}: ${errorText(err)}`,
      { key: request.key },
    );
  }
}

async function markReminded(
  deps: ReviewDeps,
  request: Stored<ReviewRequest>,
  activityId: string,
  remindedAt: string,
  report: ChaseReport,
): Promise<void> {
  await deps.requests.updateRequest(
    request.id,
    { status: nextRequestStatus(request.status, 'reminder'), remindedAt, activityId },
    request.etag,
  );
  report.reminded.push(request.key);
}

async function escalate(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  register: string,
  settings: RegisterSettings,
  listed: { request: Stored<ReviewRequest>; review: RiskReview }[],
  dueNow: { request: Stored<ReviewRequest>; review: RiskReview }[],
  nowIso: string,
  report: ChaseReport,
): Promise<void> {
  // Escalations an earlier walk posted but could not record (it stopped): recorded now, not posted again.
  const leaseMs = deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  const pending: typeof dueNow = [];
  for (const item of dueNow) {
    const record = await deps.outbox.get(escalatedKey(item.request.key));
    if (record?.kind === 'escalated' && !record.posting)
      await markEscalated(deps, item.request, record.escalatedAt, report);
    else pending.push(item);
  }
  if (pending.length === 0) return;
  // The register's digest for the day is claimed first: two instances walking at once could otherwise
  // each claim some of the due requests and each post a digest of everything outstanding (the faults
  // bench showed it). Escalations that fall due later the same day go in the next day's digest.
  const digest = await claimDigest(deps, register, pending[0]!.review.period.id, nowIso, leaseMs);
  if (!digest) return; // another instance posts today's digest
  // The requests are claimed too (insert if absent), so a request another instance is still posting
  // is left to it; a claim whose instance died while posting is taken over when its lease ends.
  const due: typeof dueNow = [];
  const holds: OutboxHold[] = [];
  for (const item of pending) {
    const key = escalatedKey(item.request.key);
    const record = await deps.outbox.get(key);
    const claim: EscalatedRecord = {
      kind: 'escalated',
      key,
      requestKey: item.request.key,
      channelId: settings.managersChannelId ?? '',
      escalatedAt: nowIso,
      posting: true,
      attempts: 0,
      createdAt: nowIso,
      nextAttemptAt: new Date(Date.parse(nowIso) + leaseMs).toISOString(),
    };
    const hold = record ? await deps.outbox.take(key, nowIso, leaseMs) : await deps.outbox.claim(claim);
    if (!hold) continue; // another instance is posting it
    due.push(item);
    holds.push(hold);
  }
  if (due.length === 0) {
    await digest.remove();
    return;
  }
  holds.push(digest);
  const channelId = settings.managersChannelId;
  if (!channelId) {
    // Nothing posted, so nothing is recorded as escalated: the claims go back and the next walk (once a
    // channel is set) posts the digest.
    for (const hold of holds) await hold.remove();
    report.undelivered.push({
      register,
      reason: `Register ${register} has no managers' channel, so ${due.length} escalations could not be posted. Set it in the register settings.`,
    });
    return;
  } else {
    const period = due[0]!.review.period;
    const rows = listed.slice(0, DIGEST_LIMIT).map(({ request, review }) => ({
      reference: request.riskReference,
      title: review.risk.title,
      owner: request.owner.name,
      state: !request.activityId
        ? `Unreachable: ${request.lastError ?? 'no reason recorded'}`
        : request.status === 'reminded'
          ? 'Reminded, no answer'
          : 'No answer',
      sent: request.sentAt && request.activityId ? formatDate(request.sentAt, deps.timeZone) : 'not sent',
      rating: ratingText(settings.matrix, review.risk.current).text,
    }));
    const card = expandCard('digest', {
      register,
      period: { label: period.label, dueBy: formatDate(dueBy(settings, period)) },
      count: listed.length,
      escalateAfterDays: settings.review.escalateAfterDays,
      asOf: formatDate(nowIso, deps.timeZone),
      rows,
      more:
        listed.length > DIGEST_LIMIT
          ? `and ${listed.length - DIGEST_LIMIT} more in the review status view`
          : '',
      url: deps.links.status(register, period.id),
    });
    try {
      await dispatcher.send(
        channelId,
        cardActivity(card, `${listed.length} reviews outstanding in ${register}`),
      );
      report.digests.push({ register, channelId, count: listed.length });
      // Local first, as for cards: a restart before SharePoint has the statuses does not post again.
      for (const hold of holds) {
        const claimed = hold.entry as EscalatedRecord;
        await hold.replace({
          kind: 'escalated',
          key: claimed.key,
          requestKey: claimed.requestKey,
          channelId,
          escalatedAt: nowIso,
          attempts: 0,
          createdAt: nowIso,
          nextAttemptAt: NEVER,
        });
      }
    } catch (err) {
      // Not posted: give the claims back so the next walk (this instance or another) tries again.
      for (const hold of holds) await hold.remove();
      const known = deps.channels
        ? await deps.channels.byChannelId(channelId).catch(() => undefined)
        : undefined;
      // Teams refuses a post to a team the bot was never added to: say so when no install event came from it.
      const hint =
        deps.channels && !known
          ? ` The bot has not been added to that channel's team (no install event or tab configuration captured it): add the Risk register app to the team, or choose a captured channel in the register settings.`
          : '';
      report.undelivered.push({
        register,
        reason: `The digest could not be posted to the managers' channel: ${errorText(err)}${hint}`,
      });
      return; // leave the requests as they are so the next walk tries again
    }
  }
  for (const { request } of due) await markEscalated(deps, request, nowIso, report);
}

/** The key of a register's digest for one period and day (a claim, kept once the digest is posted). */
const digestKey = (register: string, periodId: string, day: string): string =>
  escalatedKey(`digest|${register}|${periodId}|${day}`);

/**
 * Claims the register's digest of the day: undefined when another instance holds it (posting, its lease
 * not yet run out) or has posted it. Kept as an escalation record, so the drain leaves it alone.
 */
async function claimDigest(
  deps: ReviewDeps,
  register: string,
  periodId: string,
  nowIso: string,
  leaseMs: number,
): Promise<OutboxHold | undefined> {
  const key = digestKey(register, periodId, calendarDay(Date.parse(nowIso), deps.timeZone));
  const record = await deps.outbox.get(key);
  if (record)
    return record.kind === 'escalated' && record.posting ? deps.outbox.take(key, nowIso, leaseMs) : undefined;
  return deps.outbox.claim({
    kind: 'escalated',
    key,
    requestKey: key,
    channelId: '',
    escalatedAt: nowIso,
    posting: true,
    attempts: 0,
    createdAt: nowIso,
    nextAttemptAt: new Date(Date.parse(nowIso) + leaseMs).toISOString(),
  });
}

async function markEscalated(
  deps: ReviewDeps,
  request: Stored<ReviewRequest>,
  escalatedAt: string,
  report: ChaseReport,
): Promise<void> {
  try {
    await deps.requests.updateRequest(
      request.id,
      { status: nextRequestStatus(request.status, 'escalate'), escalatedAt },
      request.etag,
    );
    report.escalated.push(request.key);
  } catch (err) {
    // Answered (or handled by another instance) meanwhile: nothing left to record.
    if (!(err instanceof ConflictError)) throw err;
  }
  await deps.outbox.remove(escalatedKey(request.key));
}

/** Past cut-off: a `not-reviewed` snapshot for each unanswered risk, and its requests closed. */
async function closeRequests(
  deps: ReviewDeps,
  items: { request: Stored<ReviewRequest>; review: RiskReview }[],
  report: ChaseReport,
): Promise<void> {
  const actor = await deps.store.currentUser();
  const done = new Set<number>();
  for (const { request, review } of items) {
    if (!done.has(review.risk.id) && !review.snapshot) {
      done.add(review.risk.id);
      const snap = buildSnapshot(review.risk, review.settings.matrix, {
        periodId: review.period.id,
        comment: '',
        recordedAt: new Date(deps.clock.now()).toISOString(),
        source: 'card',
        outcome: 'not-reviewed',
        ...(review.settings.defaultAppetite === undefined
          ? {}
          : { defaultAppetite: review.settings.defaultAppetite }),
      });
      if (snap.ok) {
        try {
          await deps.store.recordReview({
            riskId: review.risk.id,
            riskEtag: review.risk.etag,
            snapshot: { ...snap.value },
            actor,
            source: 'scheduler',
            // Only when nobody answered: an answer arriving meanwhile wins over "not reviewed".
            snapshotEtag: null,
          });
          report.notReviewed.push(review.risk.reference);
        } catch (err) {
          deps.log.error(
            `Could not mark ${review.risk.reference} not reviewed for ${review.period.label}: ${errorText(err)}`,
          );
          continue;
        }
      } else {
        deps.log.error(
          `Could not mark ${review.risk.reference} not reviewed: ${snap.errors.map((e) => e.message).join('; ')}`,
        );
        continue;
      }
    }
    try {
      await deps.requests.updateRequest(
        request.id,
        { status: nextRequestStatus(request.status, 'close') },
        request.etag,
      );
      report.closed.push(request.key);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
}
