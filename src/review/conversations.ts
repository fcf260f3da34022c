/**
 * Where the flow finds an owner's 1:1 chat with the bot. Conversation ids arrive with install events
 * (and any message the person sends the bot); the store keeps them by email and Entra object id so
 * the sender and the answer handler can match a register person to a Teams user.
 */

export type ConversationRecord = {
  conversationId: string;
  /** Teams user id (MRI, `29:...`). */
  userId: string;
  /** Entra (AAD) object id. */
  aadObjectId?: string;
  /** Lower-case email or UPN, the key shared with SharePoint people. */
  email?: string;
  name?: string;
  /** ISO timestamp of the install or message that gave us the conversation. */
  updatedAt: string;
};

export type ConversationStore = {
  upsert(record: ConversationRecord): Promise<void>;
  byEmail(email: string): Promise<ConversationRecord | undefined>;
  byUserId(userId: string): Promise<ConversationRecord | undefined>;
  byAadObjectId(aadObjectId: string): Promise<ConversationRecord | undefined>;
  /** Forgets a conversation the bot was removed from (uninstall). */
  remove(userId: string): Promise<void>;
};

const lower = (s: string | undefined): string | undefined => s?.trim().toLowerCase() || undefined;

/** An in-process store: tests, and a service run without a state file. */
export function createMemoryConversationStore(): ConversationStore {
  const records = new Map<string, ConversationRecord>();
  const find = (pred: (r: ConversationRecord) => boolean) => [...records.values()].find(pred);
  return {
    upsert: async (r) => {
      const previous = records.get(r.userId);
      records.set(r.userId, { ...previous, ...r, ...(r.email ? { email: lower(r.email) } : {}) });
    },
    byEmail: async (email) => find((r) => r.email !== undefined && r.email === lower(email)),
    byUserId: async (userId) => records.get(userId),
    byAadObjectId: async (id) => find((r) => lower(r.aadObjectId) === lower(id)),
    remove: async (userId) => {
      records.delete(userId);
    },
  };
}
