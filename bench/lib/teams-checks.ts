/**
 * What a review run delivered, read from the review flow's own fake Teams client
 * (src/testing/teams-client.ts: it refuses with 429 whenever a call would exceed Teams' documented
 * limits, per conversation 7/1 s, 8/2 s, 60/30 s, 1,800/h and per app per tenant 50/s).
 */
import { cardKindOf } from '../../src/review/cards';
import { signedDataOf } from '../../src/review/delivery-check';
import type { FakeTeamsClient, SentMessage } from '../../src/testing/teams-client';

/** Teams' documented limit for all calls of one app in one tenant, per second. */
export const TEAMS_TENANT_LIMIT_PER_SECOND = 50;

/** A review card as delivered: where, when, and the signed data its buttons send back. */
export type ReviewCardSent = {
  id: string;
  conversationId: string;
  at: number;
  riskId: number;
  periodId: string;
  data: Record<string, unknown>;
  card: Record<string, unknown>;
};

/** Every review card the fake delivered (intros and other messages left out), in order. */
export function reviewCardsSent(teams: FakeTeamsClient): ReviewCardSent[] {
  return teams.sent.flatMap((m) => {
    const card = m.activity.attachments?.[0]?.content;
    const data = signedDataOf(card);
    return card && data
      ? [
          {
            id: m.id,
            conversationId: m.conversationId,
            at: m.at,
            riskId: Number(data.riskId),
            periodId: String(data.periodId),
            data,
            card,
          },
        ]
      : [];
  });
}

/** Review cards delivered per `conversationId|riskId|periodId`. */
export function cardCounts(teams: FakeTeamsClient): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of reviewCardsSent(teams)) {
    const key = `${c.conversationId}|${c.riskId}|${c.periodId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Review cards beyond the first for the same risk and period in the same conversation. */
export function duplicateCards(teams: FakeTeamsClient): number {
  return [...cardCounts(teams).values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
}

/** The messages the review flow posts, by card kind (src/review/cards.ts, `cardKindOf`). */
export const MESSAGE_KINDS = ['intro', 'review', 'reminder', 'digest'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export type KindCount = { delivered: number; duplicates: number };

/**
 * What one message is about, so a second message about the same thing is a duplicate: an intro per
 * chat and period (its `speak` opens with the period's label), a review card or a reminder per chat,
 * risk and period, a digest per channel and day (one escalation walk posts one per register).
 */
function subjectOf(kind: MessageKind, m: SentMessage, card: unknown): string {
  if (kind === 'intro') {
    const speak = (card as { speak?: unknown }).speak;
    return `${m.conversationId}|${typeof speak === 'string' ? speak.split(':')[0] : ''}`;
  }
  if (kind === 'digest') return `${m.conversationId}|${new Date(m.at).toISOString().slice(0, 10)}`;
  const data = signedDataOf(card);
  return `${m.conversationId}|${String(data?.riskId)}|${String(data?.periodId)}`;
}

/** Messages delivered of each kind, and those beyond the first about the same subject. */
export function messagesByKind(teams: FakeTeamsClient): Record<MessageKind, KindCount> {
  const seen = new Map<string, number>();
  const out = Object.fromEntries(MESSAGE_KINDS.map((k) => [k, { delivered: 0, duplicates: 0 }])) as Record<
    MessageKind,
    KindCount
  >;
  for (const m of teams.sent) {
    const card = m.activity.attachments?.[0]?.content;
    const kind = cardKindOf(card);
    if (!kind || !(MESSAGE_KINDS as readonly string[]).includes(kind)) continue;
    const k = kind as MessageKind;
    const subject = `${k}|${subjectOf(k, m, card)}`;
    const count = (seen.get(subject) ?? 0) + 1;
    seen.set(subject, count);
    out[k].delivered++;
    if (count > 1) out[k].duplicates++;
  }
  return out;
}
