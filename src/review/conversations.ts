/**
 * Where the flow finds an owner's 1:1 chat with the bot. Conversation ids arrive with install events
 * (and any message the person sends the bot) or from a Graph installation; the store keeps them by
 * Entra object id, the key the register's people resolve to (identity.ts), with the Teams user id
 * (`29:…`) a card's `refresh.userIds` needs. An uninstall removes every row of the person.
 */

export type ConversationRecord = {
  /** Entra (AAD) object id, lower case: the key. */
  aadObjectId: string;
  conversationId: string;
  /** Teams user id (`29:…`) from the activity or the conversation's roster; absent until Teams gave it. */
  userId?: string;
  /** userPrincipalName, when known. */
  upn?: string;
  name?: string;
  /** ISO timestamp of the install or message that gave us the conversation. */
  updatedAt: string;
};

export type ConversationStore = {
  upsert(record: ConversationRecord): Promise<void>;
  byAadObjectId(aadObjectId: string): Promise<ConversationRecord | undefined>;
  byUserId(userId: string): Promise<ConversationRecord | undefined>;
  /** Forgets every conversation row of a person (uninstall); returns how many were removed. */
  removeUser(who: { aadObjectId?: string; userId?: string }): Promise<number>;
  /** Forgets every row pointing at a conversation the bot was removed from. */
  removeConversation(conversationId: string): Promise<number>;
};

const lower = (s: string | undefined): string | undefined => s?.trim().toLowerCase() || undefined;

/** An in-process store: tests, and a service run without a state file. */
export function createMemoryConversationStore(): ConversationStore {
  const records = new Map<string, ConversationRecord>();
  const drop = (pred: (r: ConversationRecord) => boolean): number => {
    let n = 0;
    for (const [key, r] of records) if (pred(r) && records.delete(key)) n++;
    return n;
  };
  return {
    upsert: async (r) => {
      const key = lower(r.aadObjectId);
      if (!key)
        throw new Error('A conversation is stored by the Entra object id of its person; none was given.');
      records.set(key, { ...records.get(key), ...r, aadObjectId: key });
    },
    byAadObjectId: async (id) => records.get(lower(id) ?? ''),
    byUserId: async (userId) => [...records.values()].find((r) => r.userId === userId),
    removeUser: async ({ aadObjectId, userId }) =>
      drop(
        (r) =>
          (aadObjectId !== undefined && r.aadObjectId === lower(aadObjectId)) ||
          (userId !== undefined && r.userId === userId),
      ),
    removeConversation: async (conversationId) => drop((r) => r.conversationId === conversationId),
  };
}
