/**
 * Chats that were replaced for the same Teams user. In Teams a person's 1:1 chat with the bot keeps
 * its conversation id, so this stays empty there; the Agents Playground starts a new personal chat
 * (a new id, no history) every time it starts, so cards sent before a restart are gone from it. When
 * an install event or message arrives from the same Teams user in a different chat, the old chat is
 * recorded as replaced, and the sender sends the cards still owed there (sent or reminded, never
 * answered) again in the new chat, once: the request then records the new chat.
 */
import type { ReviewRequest, Stored } from '../ports';

export type ConversationMove = {
  /** The chat the cards were sent to. */
  from: string;
  /** The chat that replaced it for the same Teams user. */
  to: string;
  userId: string;
  movedAt: string;
};

export type ConversationMoves = {
  record(move: ConversationMove): Promise<void>;
  /** The newest chat that replaced this one (following a chain of replacements), or undefined. */
  replacedBy(conversationId: string): Promise<string | undefined>;
};

/** Follows `from -> to` links to the newest chat; stops on a cycle (a chat that came back). */
export async function newestChat(
  first: string | undefined,
  next: (id: string) => Promise<string | undefined>,
  start: string,
): Promise<string | undefined> {
  let current = first;
  const seen = new Set([start]);
  while (current && !seen.has(current)) {
    seen.add(current);
    const after = await next(current);
    if (!after || seen.has(after)) return current;
    current = after;
  }
  return current && current !== start ? current : undefined;
}

/** An in-process record: tests, and a service run without a state file. */
export function createMemoryConversationMoves(): ConversationMoves {
  const moves = new Map<string, ConversationMove>();
  return {
    record: async (m) => {
      if (m.from !== m.to) moves.set(m.from, m);
      // A chat that is current again is no longer replaced.
      moves.delete(m.to);
    },
    replacedBy: async (id) => newestChat(moves.get(id)?.to, async (c) => moves.get(c)?.to, id),
  };
}

/** The chats of these requests that were replaced for their owner (conversation-moves.ts). */
export async function replacedChats(
  deps: { conversationMoves?: ConversationMoves },
  requests: Stored<ReviewRequest>[],
): Promise<Set<string>> {
  const out = new Set<string>();
  if (!deps.conversationMoves) return out;
  for (const id of new Set(requests.map((r) => r.conversationId).filter((c): c is string => !!c))) {
    if (await deps.conversationMoves.replacedBy(id)) out.add(id);
  }
  return out;
}

/** A card out and unanswered (sent or reminded) in a chat its owner no longer has. */
export function isOwedInReplacedChat(r: Stored<ReviewRequest>, moved: Set<string>): boolean {
  return (
    (r.status === 'sent' || r.status === 'reminded') &&
    r.activityId !== undefined &&
    r.conversationId !== undefined &&
    moved.has(r.conversationId)
  );
}
