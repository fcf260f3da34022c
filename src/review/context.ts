/**
 * Everything the review flow needs from its host, handed in by the composition root
 * (src/server/review-service.ts) or by a test.
 */
import type { RegisterStore, ReviewRequestStore } from '../ports';
import type { BackoffOptions } from './backoff';
import type { Card } from './cards';
import type { CardSigner } from './card-signing';
import type { Clock } from './clock';
import type { DeliveryCheck } from './delivery-check';
import type { ConversationStore } from './conversations';
import type { OwnerDirectory } from './identity';
import type { ChannelStore } from './channels';
import type { ConversationMoves } from './conversation-moves';
import type { Outbox } from './outbox';
import type { SendBudget } from './send-budget';
import type { TeamsClient } from './teams-client';

export type Logger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Deep links into the register tab. */
export type Links = {
  risk(riskId: number, reference: string): string;
  /** The review status view of a register and period (managers' digest). */
  status(register: string, periodId: string): string;
  /** The register filtered to one owner's risks (intro message). */
  myRisks(ownerName: string): string;
};

export type ReviewDeps = {
  store: RegisterStore;
  requests: ReviewRequestStore;
  teams: TeamsClient;
  conversations: ConversationStore;
  /** Register people -> Entra object ids (SharePoint, else Graph by UPN), resolved once. */
  identities: OwnerDirectory;
  outbox: Outbox;
  signer: CardSigner;
  clock: Clock;
  links: Links;
  log: Logger;
  /**
   * IANA zone in which "today", periods, due dates and card times are read (REVIEW_TIMEZONE);
   * default Europe/London.
   */
  timeZone?: string;
  /** Sends per second from this instance (see rate-limiter.ts for the reasoning); unused with `sendBudget`. */
  sendsPerSecond?: number;
  /**
   * The tenant's Teams budget shared with the other instances (send-budget.ts, on the shared state).
   * Absent: each instance keeps its own budget of `sendsPerSecond`.
   */
  sendBudget?: SendBudget;
  backoff?: BackoffOptions;
  /** Owners handled at once during a run; each owner's own cards go one after another. */
  concurrency?: number;
  /** How long a claimed send is left to its instance before another may take it over. */
  claimLeaseMs?: number;
  /**
   * Asked before a claim of an instance that died is taken over: is its card already in the chat?
   * Production: Graph (src/server/review-graph-delivery.ts). Absent: the card is sent again.
   */
  deliveryCheck?: DeliveryCheck;
  /** The team channels the bot was added to or the channel tab was configured in (managers' digests). */
  channels?: ChannelStore;
  /** Chats replaced for the same Teams user: owed cards are sent again in the new chat. */
  conversationMoves?: ConversationMoves;
  /**
   * How long an answer's SharePoint write may take before Teams is answered from the outbox with a
   * "being recorded" card (REVIEW_ANSWER_DEADLINE_MS; the service's default is 800 ms, inside Teams'
   * invoke window). The write goes on, and the card is replaced in place when it settles. Absent:
   * Teams waits for the write.
   */
  answerDeadlineMs?: number;
  /** Replaces a card in a chat (the service passes its dispatcher's, inside the send budget). */
  updateCard?: (conversationId: string, activityId: string, card: Card) => Promise<void>;
};
