/**
 * Stand-ins shared by the tests and the bench (nothing in src imports this folder): the Entra object
 * id of a test person, and a Teams client that refuses as the Bot Connector does when a call would
 * exceed Teams' documented limits.
 */
import { createHash } from 'node:crypto';
import { demoUsers } from '../emulator';
import type { Card } from '../review/cards';
import type { Clock } from '../review/clock';
import {
  TeamsApiError,
  type OutgoingActivity,
  type OwnerContact,
  type TeamsClient,
} from '../review/teams-client';

/**
 * The Entra object id of a test person: the demo user's own (as the local list service and the
 * Playground give it), else a GUID derived from the mail address, so every test agrees on it.
 */
export function aadOf(email: string): string {
  const demo = demoUsers.find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (demo?.objectId) return demo.objectId;
  const h = createHash('sha256').update(email.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Teams' documented limits: per bot per conversation (7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 in an
 * hour) and per app per tenant (50 a second), from "Optimize your bot with rate limiting and best
 * practices" (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit).
 */
const CONVERSATION_LIMITS = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];
const TENANT_LIMIT = { limit: 50, ms: 1_000 };

export type SentMessage = { conversationId: string; activity: OutgoingActivity; id: string; at: number };

/**
 * A Teams client that refuses with 429 (and Retry-After) whenever a call would exceed Teams' limits,
 * exactly as the Bot Connector does. Tests read `sent` and `throttled`.
 */
export class FakeTeamsClient implements TeamsClient {
  readonly sent: SentMessage[] = [];
  readonly updates: { conversationId: string; activityId: string; activity: OutgoingActivity }[] = [];
  throttled = 0;
  /** Owners (by Entra object id) with a chat, and the Teams user id of each. */
  readonly chats = new Map<string, { conversationId: string; userId: string }>();
  /** Every contact `ensureConversation` was asked for (how the flow named the person). */
  readonly asked: OwnerContact[] = [];
  /** Statuses to fail the next sends with, in order (e.g. [503, 503]); `null` lets one through. */
  failNext: (number | null)[] = [];
  /** Throw after this many successful sends (a crash in the middle of a run). */
  crashAfter: number | undefined;
  /**
   * Deliver the next sends, then fail them anyway, in order: a status (e.g. 504, a gateway that lost
   * the answer) or `network` (no answer at all); `null` lets one through. Teams kept the message.
   */
  deliverThenFail: (number | 'network' | null)[] = [];
  private readonly calls: { key: string; at: number }[] = [];
  private nextId = 1;

  constructor(private readonly clock: Clock) {}

  /** Gives the person with this mail address a chat with the bot (Teams knows them by object id). */
  addChat(
    email: string,
    conversationId = `a:chat-${email}`,
    userId = `29:${email}`,
    aadObjectId = aadOf(email),
  ): void {
    this.chats.set(aadObjectId.toLowerCase(), { conversationId, userId });
  }

  async ensureConversation(owner: OwnerContact) {
    this.asked.push(owner);
    const chat = this.chats.get(owner.aadObjectId.toLowerCase());
    return chat
      ? { ok: true as const, conversationId: chat.conversationId, userId: chat.userId }
      : { ok: false as const, reason: `${owner.name} has not installed the app.` };
  }

  private admit(conversationId: string): void {
    const now = this.clock.now();
    const count = (key: string, ms: number) =>
      this.calls.filter((c) => c.key === key && c.at > now - ms).length;
    for (const w of CONVERSATION_LIMITS) {
      if (count(conversationId, w.ms) >= w.limit) {
        this.throttled++;
        throw new TeamsApiError(`429 conversation ${conversationId} over ${w.limit}/${w.ms}ms`, 429, 1_000);
      }
    }
    if (count('tenant', TENANT_LIMIT.ms) >= TENANT_LIMIT.limit) {
      this.throttled++;
      throw new TeamsApiError('429 tenant over 50/s', 429, 1_000);
    }
    this.calls.push({ key: conversationId, at: now }, { key: 'tenant', at: now });
  }

  async send(conversationId: string, activity: OutgoingActivity) {
    const status = this.failNext.shift();
    if (status !== undefined && status !== null) throw new TeamsApiError(`Injected ${status}`, status);
    if (this.crashAfter !== undefined && this.sent.length >= this.crashAfter)
      throw new Error('Simulated crash of the service');
    this.admit(conversationId);
    const id = `msg-${this.nextId++}`;
    this.sent.push({ conversationId, activity, id, at: this.clock.now() });
    const lost = this.deliverThenFail.shift();
    if (lost !== undefined && lost !== null)
      throw new TeamsApiError(`Injected ${lost} after delivery`, lost === 'network' ? undefined : lost);
    return { id };
  }

  async update(conversationId: string, activityId: string, activity: OutgoingActivity) {
    this.admit(conversationId);
    this.updates.push({ conversationId, activityId, activity });
  }

  /** The adaptive cards sent, with the conversation. */
  cards(): { conversationId: string; card: Card; id: string }[] {
    return this.sent.flatMap((m) =>
      (m.activity.attachments ?? []).map((a) => ({
        conversationId: m.conversationId,
        card: a.content,
        id: m.id,
      })),
    );
  }
}
