/**
 * A fake Bot Connector that enforces Teams' documented throttling, for the bench and the fault suite.
 * Per conversation: 7 per 1 s, 8 per 2 s, 60 per 30 s, 1,800 per hour; per app per tenant: 50 per
 * second over every call. A call over any budget is refused with 429 and Retry-After, as Teams does;
 * refused calls are counted and not delivered. Delivered cards are kept so a run can be checked for
 * duplicates and missed owners afterwards.
 */
import type { Clock } from '../../src/review/clock';
import {
  TeamsApiError,
  type ConversationResult,
  type OutgoingActivity,
  type OwnerContact,
  type TeamsClient,
} from '../../src/review/teams-client';

export type Budget = { limit: number; ms: number };

/** Teams' documented per-conversation limits for a bot sending messages. */
export const TEAMS_CONVERSATION_LIMITS: readonly Budget[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];

/** Teams' documented limit for all calls of one app in one tenant. */
export const TEAMS_TENANT_LIMIT: Budget = { limit: 50, ms: 1_000 };

export type Delivered = {
  id: string;
  conversationId: string;
  /** Virtual or real ms, from the fake's clock. */
  at: number;
  activity: OutgoingActivity;
  /** The signed review data the card's actions carry, when it is a review card. */
  review?: { riskId: number; periodId: string; data: Record<string, unknown> };
};

export type FakeTeamsStats = {
  delivered: number;
  updates: number;
  conversationsOpened: number;
  refused429: number;
  /** Review cards sent more than once for the same risk and period to the same conversation. */
  duplicates: number;
};

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

/** Keeps call times per key and answers whether one more call fits every budget. */
class Windows {
  private readonly times = new Map<string, number[]>();
  constructor(private readonly budgets: readonly Budget[]) {}

  /** 0 when a call fits now, else ms until it would. */
  wait(key: string, now: number): number {
    const longest = Math.max(...this.budgets.map((b) => b.ms));
    const kept = (this.times.get(key) ?? []).filter((t) => t > now - longest);
    this.times.set(key, kept);
    let wait = 0;
    for (const b of this.budgets) {
      const inWindow = kept.filter((t) => t > now - b.ms);
      if (inWindow.length >= b.limit)
        wait = Math.max(wait, inWindow[inWindow.length - b.limit]! + b.ms - now);
    }
    return wait;
  }

  record(key: string, now: number): void {
    const kept = this.times.get(key);
    if (kept) kept.push(now);
    else this.times.set(key, [now]);
  }
}

export type FakeTeamsOptions = {
  clock: Pick<Clock, 'now'>;
  /** Owners with no chat with the bot (app not installed and cannot be installed). */
  unreachable?: Set<number>;
};

/** The fake connector: a TeamsClient plus what it saw. */
export class RateLimitedTeamsFake implements TeamsClient {
  readonly delivered: Delivered[] = [];
  readonly stats: FakeTeamsStats = {
    delivered: 0,
    updates: 0,
    conversationsOpened: 0,
    refused429: 0,
    duplicates: 0,
  };
  private readonly tenant = new Windows([TEAMS_TENANT_LIMIT]);
  private readonly conversations = new Windows(TEAMS_CONVERSATION_LIMITS);
  private readonly seen = new Set<string>();
  private nextId = 1;

  constructor(private readonly options: FakeTeamsOptions) {}

  /** Conversation id of an owner (one 1:1 chat per person). */
  static conversationOf(personId: number): string {
    return `a:1on1-${personId}`;
  }

  private admit(conversationId: string | undefined): void {
    const now = this.options.clock.now();
    const wait = Math.max(
      this.tenant.wait('tenant', now),
      conversationId ? this.conversations.wait(conversationId, now) : 0,
    );
    if (wait > 0) {
      this.stats.refused429++;
      // Teams answers 429 with Retry-After in whole seconds.
      throw new TeamsApiError(
        'Too Many Requests (fake Teams throttling)',
        429,
        Math.ceil(wait / 1000) * 1000,
      );
    }
    this.tenant.record('tenant', now);
    if (conversationId) this.conversations.record(conversationId, now);
  }

  async ensureConversation(owner: OwnerContact): Promise<ConversationResult> {
    this.admit(undefined);
    if (this.options.unreachable?.has(owner.personId)) {
      return {
        ok: false,
        reason: `${owner.name} has not installed the app and it cannot be installed for them.`,
      };
    }
    this.stats.conversationsOpened++;
    return {
      ok: true,
      conversationId: RateLimitedTeamsFake.conversationOf(owner.personId),
      userId: `29:user-${owner.personId}`,
    };
  }

  async send(conversationId: string, activity: OutgoingActivity): Promise<{ id: string }> {
    this.admit(conversationId);
    const id = `msg-${this.nextId++}`;
    const data = signedDataOf(activity.attachments?.map((a) => a.content));
    const delivered: Delivered = { id, conversationId, at: this.options.clock.now(), activity };
    if (data) {
      const key = `${conversationId}|${String(data.riskId)}|${String(data.periodId)}`;
      if (this.seen.has(key)) this.stats.duplicates++;
      this.seen.add(key);
      delivered.review = { riskId: Number(data.riskId), periodId: String(data.periodId), data };
    }
    this.delivered.push(delivered);
    this.stats.delivered++;
    return { id };
  }

  async update(conversationId: string, activityId: string, _activity: OutgoingActivity): Promise<void> {
    this.admit(conversationId);
    if (!this.delivered.some((d) => d.id === activityId && d.conversationId === conversationId)) {
      throw new TeamsApiError(`Activity ${activityId} not found in ${conversationId}`, 404);
    }
    this.stats.updates++;
  }

  /** Review cards delivered per `conversationId|riskId|periodId`. */
  reviewCardCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of this.delivered) {
      if (!d.review) continue;
      const key = `${d.conversationId}|${d.review.riskId}|${d.review.periodId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }
}
