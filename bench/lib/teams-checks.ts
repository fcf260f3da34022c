/**
 * What a review run delivered, read from the review flow's own fake Teams client
 * (src/testing/teams-client.ts: it refuses with 429 whenever a call would exceed Teams' documented
 * limits, per conversation 7/1 s, 8/2 s, 60/30 s, 1,800/h and per app per tenant 50/s).
 */
import { signedDataOf } from '../../src/review/delivery-check';
import type { FakeTeamsClient } from '../../src/testing/teams-client';

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
