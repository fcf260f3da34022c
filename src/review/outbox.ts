/**
 * Answers that were accepted from an owner but could not be written to SharePoint yet. The handler
 * stores the answer here before it shows the retry card, and a background drain writes it later, so a
 * submitted review is never lost to a SharePoint outage. The store is a partition of the service's
 * state table (src/review/state-table.ts: SQLite locally, Azure Table Storage in production, where two
 * instances share it); this module holds the contract and the one implementation on that port.
 *
 * Two instances may run at once (a restart, a slot swap), so every claim is conditional: `claim`
 * writes an entry only if no entry has its key, and `take` leases a due entry at the version read, so
 * of two drains exactly one writes an answer; a lease whose instance died runs out and is taken over.
 */
import type { PeriodSnapshot } from '../domain';
import type { Actor } from '../ports';
import { createMemoryStateTable, isConflict, type StateTable } from './state-table';

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
  /**
   * Set while the digest is being posted (the instance's claim, written before the post): another
   * instance leaves the request alone until `nextAttemptAt`, the end of the claim's lease, and takes
   * it over after that (the posting instance died). Absent: the digest was posted.
   */
  posting?: true;
  attempts: 0;
  createdAt: string;
  /** Never due once posted; while posting, when the claim's lease runs out. The drain skips these. */
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

/**
 * An entry this instance holds: claimed (written while absent) or taken (leased at the version read).
 * `replace` and `remove` succeed only while nobody else wrote the entry since; false means the hold was
 * lost (a newer answer replaced the entry, or another instance took it over after the lease ran out),
 * and what is stored now is left as it is.
 */
export type OutboxHold = {
  entry: OutboxEntry;
  replace(next: OutboxEntry): Promise<boolean>;
  remove(): Promise<boolean>;
};

export type Outbox = {
  put(entry: OutboxEntry): Promise<void>;
  get(key: string): Promise<OutboxEntry | undefined>;
  /** Entries due for another attempt at `nowIso`, oldest first. */
  due(nowIso: string): Promise<OutboxEntry[]>;
  remove(key: string): Promise<void>;
  all(): Promise<OutboxEntry[]>;
  /**
   * Writes the entry only if no entry has its key (atomic across instances): the hold when this call
   * wrote it, undefined when an entry was there (this or another instance claimed it first).
   */
  claim(entry: OutboxEntry): Promise<OutboxHold | undefined>;
  /**
   * Takes the entry for `leaseMs` if it is due at `nowIso`: its `nextAttemptAt` moves to the lease's end
   * at the version read, so another instance's `due` no longer lists it and its `take` loses. Undefined
   * when the entry is gone, not due, or another instance took it first. The hold's `entry` is the entry
   * as it was before the lease. An instance that dies holding a lease leaves the entry due again at the
   * lease's end, for any instance (after a restart, itself) to take.
   */
  take(key: string, nowIso: string, leaseMs: number): Promise<OutboxHold | undefined>;
};

/** How long a drain holds an answer it is writing: far beyond one SharePoint write with its retries. */
export const DRAIN_LEASE_MS = 5 * 60_000;

const outboxPartition = 'outbox';

/** The outbox as a partition of a state table (src/review/state-table.ts). */
export function outboxOn(table: StateTable): Outbox {
  const hold = (key: string, entry: OutboxEntry, etag: string): OutboxHold => {
    // The version this holder wrote last: a replace keeps the hold, at the new version.
    let held = etag;
    return {
      entry,
      replace: async (next) => {
        if (next.key !== key) throw new Error(`A hold on ${key} cannot write ${next.key}.`);
        const r = await table.replace(outboxPartition, key, next, held);
        if (isConflict(r)) return false;
        held = r.etag;
        return true;
      },
      remove: async () => (await table.remove(outboxPartition, key, held)) === true,
    };
  };
  // The outbox holds answers waiting for SharePoint and a few bookkeeping records per request in
  // flight: tens of rows, so `due` reads the partition (one query on either adapter) and filters here.
  const all = async () =>
    (await table.list<OutboxEntry>(outboxPartition))
      .map((r) => r.value)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return {
    put: async (entry) => void (await table.upsert(outboxPartition, entry.key, entry)),
    get: async (key) => (await table.get<OutboxEntry>(outboxPartition, key))?.value,
    due: async (nowIso) => (await all()).filter((e) => e.nextAttemptAt <= nowIso),
    remove: async (key) => void (await table.remove(outboxPartition, key)),
    all,
    claim: async (entry) => {
      const r = await table.insert(outboxPartition, entry.key, entry);
      return isConflict(r) ? undefined : hold(entry.key, entry, r.etag);
    },
    take: async (key, nowIso, leaseMs) => {
      const row = await table.get<OutboxEntry>(outboxPartition, key);
      if (!row || row.value.nextAttemptAt > nowIso) return undefined;
      const until = new Date(Date.parse(nowIso) + leaseMs).toISOString();
      const r = await table.replace(outboxPartition, key, { ...row.value, nextAttemptAt: until }, row.etag);
      return isConflict(r) ? undefined : hold(key, row.value, r.etag);
    },
  };
}

/**
 * The outbox as one holder sees it: `put` and `remove` of the held entry go through the hold (so a
 * writer that lost its lease never undoes the newer entry or the other instance's work), every other
 * key goes to the outbox as usual. The drain hands this to the answer writer.
 */
export function heldOutbox(outbox: Outbox, hold: OutboxHold): Outbox {
  const key = hold.entry.key;
  return {
    ...outbox,
    put: async (entry) => {
      if (entry.key === key) await hold.replace(entry);
      else await outbox.put(entry);
    },
    remove: async (k) => {
      if (k === key) await hold.remove();
      else await outbox.remove(k);
    },
  };
}

export const outboxKey = (riskId: number, periodId: string): string => `${riskId}|${periodId}`;

/** An in-process outbox with the same conditions as the stored one (a state table in memory). */
export function createMemoryOutbox(): Outbox {
  return outboxOn(createMemoryStateTable());
}
