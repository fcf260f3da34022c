/**
 * The seam between the review flow and Teams. The flow sends through this small client so tests
 * pass a fake that enforces Teams' throttling, and production passes one over the Teams SDK
 * (src/server/review-teams.ts) that can also install the app for an owner through Graph.
 */
import type { Card } from './cards';
import type { OwnerIdentity } from './identity';

/** Someone the flow needs to reach, as the register knows them and as Entra ID names them. */
export type OwnerContact = {
  /** SharePoint site user id. */
  personId: number;
  name: string;
  /** Mail address: shown to people, never used to find anyone. */
  email?: string;
  /** Entra object id (identity.ts): how Teams and Graph are asked for the person. */
  aadObjectId: string;
  /** userPrincipalName, when known. */
  upn?: string;
};

/** The contact of a register person (a site user with an id) with their resolved Entra identity. */
export function ownerContact(
  owner: { id: number; name: string; email?: string },
  identity: OwnerIdentity,
): OwnerContact {
  return {
    personId: owner.id,
    name: owner.name,
    ...(owner.email ? { email: owner.email } : {}),
    aadObjectId: identity.aadObjectId,
    ...(identity.upn ? { upn: identity.upn } : {}),
  };
}

export type ConversationResult =
  | {
      ok: true;
      conversationId: string;
      /** Teams user id (MRI) when known: refresh `userIds`. */ userId?: string;
    }
  | { ok: false; reason: string };

export type AdaptiveCardAttachment = {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: Card;
};

/** The only activity shape the flow sends: text, cards, or both. */
export type OutgoingActivity = {
  type: 'message';
  text?: string;
  textFormat?: 'plain' | 'markdown';
  attachments?: AdaptiveCardAttachment[];
  /** Short text for notifications and screen readers when the message is a card. */
  summary?: string;
};

export type TeamsClient = {
  /** Finds (or, in production, creates by installing the app) the owner's 1:1 conversation. */
  ensureConversation(owner: OwnerContact): Promise<ConversationResult>;
  /** Sends to a conversation or channel; throws TeamsApiError on refusal. */
  send(conversationId: string, activity: OutgoingActivity): Promise<{ id: string }>;
  /** Replaces a sent message, e.g. a card after its answer was written later. */
  update(conversationId: string, activityId: string, activity: OutgoingActivity): Promise<void>;
};

/** A refused Bot Connector call, with what the sender needs to decide whether to retry. */
export class TeamsApiError extends Error {
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, status?: number, retryAfterMs?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TeamsApiError';
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Statuses Microsoft documents as transient for bot sends: retry with backoff. No status = network. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof TeamsApiError)) return false;
  return err.status === undefined || [412, 429, 502, 503, 504].includes(err.status);
}

/**
 * A send that failed without saying whether Teams kept the message: no answer at all (network,
 * timeout), or a gateway error (502, 504) from behind which the send may have completed.
 */
export function isUncertain(err: unknown): boolean {
  return (
    err instanceof TeamsApiError && (err.status === undefined || err.status === 502 || err.status === 504)
  );
}

/**
 * Statuses that mean the owner cannot be reached in this conversation (the bot was removed or
 * blocked, the conversation is gone): mark the request unreachable rather than retry for ever.
 */
export function isUnreachable(err: unknown): boolean {
  return err instanceof TeamsApiError && (err.status === 403 || err.status === 404);
}

/** Wraps an adaptive card as the attachment Teams expects. */
export function cardActivity(card: Card, summary: string): OutgoingActivity {
  return {
    type: 'message',
    summary,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}
