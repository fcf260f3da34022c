/**
 * Answers that were accepted from an owner but could not be written to SharePoint yet. The handler
 * stores the answer here before it shows the retry card, and a background drain writes it later, so a
 * submitted review is never lost to a SharePoint outage. The production store is a SQLite file beside
 * the service (src/server/review-state.ts); this module holds the contract and an in-memory store.
 */
import type { PeriodSnapshot } from '../domain';
import type { Actor } from '../sharepoint/ports';

export type PendingAnswer = {
  /** `riskId|periodId`: one pending answer per risk and period; a newer answer replaces an older one. */
  key: string;
  riskId: number;
  periodId: string;
  /** The version the owner answered against. */
  riskEtag: string;
  /**
   * The period snapshot's ETag the owner saw (`null`: none recorded yet), so the write replaces only
   * that answer. Absent in entries kept before this was recorded: whatever is recorded then.
   */
  snapshotEtag?: string | null;
  snapshot: PeriodSnapshot;
  actor: Actor;
  /** Where the card is, so the drain can replace it with the recorded card. */
  conversationId?: string;
  activityId?: string;
  attempts: number;
  lastError?: string;
  /** ISO timestamps. */
  createdAt: string;
  nextAttemptAt: string;
};

/**
 * An answer that arrived while SharePoint could not even be read, so it could not be checked yet: the
 * signed card data, the inputs and who sent it. The drain replays it through the full handler.
 */
export type PendingInvoke = {
  kind: 'invoke';
  key: string;
  verb: 'confirm' | 'change';
  /** The card's signed data merged with the inputs, as Teams sent it. */
  data: Record<string, unknown>;
  answerer: { userId: string; aadObjectId?: string; name?: string; email?: string };
  conversationId?: string;
  activityId?: string;
  attempts: number;
  lastError?: string;
  createdAt: string;
  nextAttemptAt: string;
};

/**
 * A card Teams accepted whose `sent` status may not have reached SharePoint yet. Written to the local
 * state the moment Teams acknowledges the send and removed once SharePoint has the status, so a
 * process that dies in between does not send the card again after a restart.
 */
export type SentRecord = {
  kind: 'sent';
  key: string;
  requestKey: string;
  conversationId: string;
  activityId: string;
  sentAt: string;
  attempts: 0;
  createdAt: string;
  /** Never due: the drain does not touch send records. */
  nextAttemptAt: string;
};

/**
 * An escalation the managers' channel has (the digest was posted) whose `escalated` status may not
 * have reached SharePoint yet: a restart records the status instead of posting the digest again.
 */
export type EscalatedRecord = {
  kind: 'escalated';
  key: string;
  requestKey: string;
  channelId: string;
  escalatedAt: string;
  attempts: 0;
  createdAt: string;
  /** Never due: the drain does not touch these records. */
  nextAttemptAt: string;
};

/**
 * The sender's claim on an owner's intro for a period, written before the intro goes to Teams: after
 * a restart the intro's fate is known without asking Graph (it was attempted), so it is never sent
 * again. An intro lost in the instant between this record and Teams is not retried: it is a courtesy,
 * and the cards themselves are recovered by their own requests.
 */
export type IntroRecord = {
  kind: 'intro';
  key: string;
  conversationId: string;
  periodId: string;
  attempts: 0;
  createdAt: string;
  /** Never due: the drain does not touch these records. */
  nextAttemptAt: string;
};

export type OutboxEntry =
  (PendingAnswer & { kind?: 'answer' }) | PendingInvoke | SentRecord | EscalatedRecord | IntroRecord;

/** Outbox key of an owner's intro for a period. */
export const introKey = (periodId: string, conversationId: string): string =>
  `intro|${periodId}|${conversationId}`;

/** Outbox key of a request's send record. */
export const sentKey = (requestKey: string): string => `sent|${requestKey}`;

/** Outbox key of a request's escalation record. */
export const escalatedKey = (requestKey: string): string => `escalated|${requestKey}`;

/** Records the drain and the retry button leave alone (they are not answers). */
export const isBookkeeping = (entry: OutboxEntry): entry is SentRecord | EscalatedRecord | IntroRecord =>
  entry.kind === 'sent' || entry.kind === 'escalated' || entry.kind === 'intro';

/** A date no drain reaches. */
export const NEVER = '9999-12-31T00:00:00.000Z';

export type Outbox = {
  put(entry: OutboxEntry): Promise<void>;
  get(key: string): Promise<OutboxEntry | undefined>;
  /** Entries due for another attempt at `nowIso`, oldest first. */
  due(nowIso: string): Promise<OutboxEntry[]>;
  remove(key: string): Promise<void>;
  all(): Promise<OutboxEntry[]>;
};

export const outboxKey = (riskId: number, periodId: string): string => `${riskId}|${periodId}`;

export function createMemoryOutbox(): Outbox {
  const items = new Map<string, OutboxEntry>();
  return {
    put: async (a) => {
      items.set(a.key, structuredClone(a));
    },
    get: async (key) => {
      const a = items.get(key);
      return a ? structuredClone(a) : undefined;
    },
    due: async (nowIso) =>
      [...items.values()]
        .filter((a) => a.nextAttemptAt <= nowIso)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((a) => structuredClone(a)),
    remove: async (key) => {
      items.delete(key);
    },
    all: async () => [...items.values()].map((a) => structuredClone(a)),
  };
}
