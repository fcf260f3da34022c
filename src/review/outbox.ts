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

export type Outbox = {
  put(answer: PendingAnswer): Promise<void>;
  get(key: string): Promise<PendingAnswer | undefined>;
  /** Answers due for another attempt at `nowIso`, oldest first. */
  due(nowIso: string): Promise<PendingAnswer[]>;
  remove(key: string): Promise<void>;
  all(): Promise<PendingAnswer[]>;
};

export const outboxKey = (riskId: number, periodId: string): string => `${riskId}|${periodId}`;

export function createMemoryOutbox(): Outbox {
  const items = new Map<string, PendingAnswer>();
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
