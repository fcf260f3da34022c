/**
 * Teams has no idempotency key for bot messages. If the service dies after Teams accepted a card but
 * before the service recorded it, the request only shows an expired claim, and sending again would
 * give the owner a second card. Before taking over such a claim the sender asks a DeliveryCheck
 * whether the card is already in the owner's chat. Production reads the chat through Microsoft Graph
 * (src/server/review-graph-delivery.ts); without a check (locally: the Agents Playground keeps no
 * message history the bot can read) the sender sends again, so nobody is missed.
 */
import { cardKindOf } from './cards';
import type { OwnerContact } from './teams-client';

export type DeliveryLookup = {
  /** The bot's conversation with the owner, as the sender knows it. */
  conversationId: string;
  owner: OwnerContact;
  /** ISO time of the claim that may have sent: messages before it need not be read. */
  since: string;
  /** True for the card being looked for (the card JSON as Teams stored it). */
  matches(card: unknown): boolean;
};

export type DeliveryCheckResult =
  | { status: 'delivered'; activityId: string }
  | { status: 'not-delivered' }
  /**
   * Could not tell. `retryable`: a passing failure (throttled, outage), worth asking again later;
   * otherwise (no permission, no chat) asking again will not help.
   */
  | { status: 'unknown'; reason: string; retryable: boolean };

export type DeliveryCheck = { find(lookup: DeliveryLookup): Promise<DeliveryCheckResult> };

/** Finds the first object in a card that carries signed action data (`riskId`, `periodId`, `sig`). */
export function signedDataOf(card: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(card)) {
    for (const c of card) {
      const found = signedDataOf(c);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof card !== 'object' || card === null) return undefined;
  const o = card as Record<string, unknown>;
  if ('riskId' in o && 'periodId' in o && 'sig' in o) return o;
  for (const v of Object.values(o)) {
    const found = signedDataOf(v);
    if (found) return found;
  }
  return undefined;
}

/** Matches the review card of one risk and period (any version: the owner has a card either way). */
export function isReviewCardFor(riskId: number, periodId: string): (card: unknown) => boolean {
  return (card) => {
    const data = signedDataOf(card);
    return data !== undefined && data.riskId === riskId && data.periodId === periodId;
  };
}

/** Matches a reminder: the review card of the risk and period, made as a reminder (its card kind). */
export function isReminderFor(riskId: number, periodId: string): (card: unknown) => boolean {
  const isCard = isReviewCardFor(riskId, periodId);
  return (card) => cardKindOf(card) === 'reminder' && isCard(card);
}

/** Matches the intro card of a period: an intro (its card kind) whose `speak` names the period. */
export function isIntroFor(periodLabel: string): (card: unknown) => boolean {
  const prefix = `${periodLabel} risk review:`;
  return (card) =>
    cardKindOf(card) === 'intro' &&
    typeof (card as { speak?: unknown }).speak === 'string' &&
    (card as { speak: string }).speak.startsWith(prefix);
}
