/**
 * The review service's own durable state in one SQLite file: the answer outbox (answers accepted but
 * not yet written to SharePoint) and the conversation ids captured from install events. SharePoint
 * holds the register and the review requests; this file holds only what must survive a restart of
 * this service and can be rebuilt (conversations come back with the next install event, message or
 * Graph installation). Conversations are keyed by the person's Entra object id; the object ids of
 * register people are kept once resolved. WAL mode and synchronous FULL: an answer the owner was told is kept is on disk.
 */
import { DatabaseSync } from 'node:sqlite';
import type { ConversationRecord, ConversationStore } from '../review/conversations';
import type { IdentityCache } from '../review/identity';
import type { Outbox, OutboxEntry } from '../review/outbox';
import type { ChannelStore } from '../review/channels';
import { openChannelTable } from './review-state-channels';
import type { ConversationMoves } from '../review/conversation-moves';
import { openConversationMovesTable } from './review-state-moves';

export type ReviewState = {
  outbox: Outbox;
  conversations: ConversationStore;
  /** Register people's Entra identities, resolved once (identity.ts). */
  identities: IdentityCache;
  /** The team channels the bot can post digests in (review-state-channels.ts). */
  channels: ChannelStore;
  /** Chats replaced for the same Teams user (review-state-moves.ts). */
  moves: ConversationMoves;
  close(): void;
};

export function openReviewState(path: string): ReviewState {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS outbox (
      key TEXT PRIMARY KEY,
      created_at TEXT NOT NULL,
      next_attempt_at TEXT NOT NULL,
      body TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS owner_conversations (
      aad_object_id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      user_id TEXT,
      upn TEXT,
      name TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS owner_conversations_user ON owner_conversations(user_id);
    CREATE INDEX IF NOT EXISTS owner_conversations_conversation ON owner_conversations(conversation_id);
    CREATE TABLE IF NOT EXISTS owner_identities (
      person_id INTEGER PRIMARY KEY,
      aad_object_id TEXT NOT NULL,
      upn TEXT,
      resolved_at TEXT NOT NULL
    );
  `);
  migrateConversations(db);
  const parse = (row: { body: string } | undefined): OutboxEntry | undefined =>
    row ? (JSON.parse(row.body) as OutboxEntry) : undefined;
  const putAnswer = db.prepare(
    `INSERT INTO outbox (key, created_at, next_attempt_at, body) VALUES (@key, @createdAt, @nextAttemptAt, @body)
     ON CONFLICT(key) DO UPDATE SET next_attempt_at = excluded.next_attempt_at, body = excluded.body`,
  );
  const outbox: Outbox = {
    put: async (a) => {
      putAnswer.run({
        key: a.key,
        createdAt: a.createdAt,
        nextAttemptAt: a.nextAttemptAt,
        body: JSON.stringify(a),
      });
    },
    get: async (key) =>
      parse(db.prepare('SELECT body FROM outbox WHERE key = ?').get(key) as { body: string } | undefined),
    due: async (nowIso) =>
      (
        db.prepare('SELECT body FROM outbox WHERE next_attempt_at <= ? ORDER BY created_at').all(nowIso) as {
          body: string;
        }[]
      ).map((r) => parse(r)!),
    remove: async (key) => {
      db.prepare('DELETE FROM outbox WHERE key = ?').run(key);
    },
    all: async () =>
      (db.prepare('SELECT body FROM outbox ORDER BY created_at').all() as { body: string }[]).map((r) =>
        parse(r)!,
      ),
  };

  type Row = {
    aad_object_id: string;
    conversation_id: string;
    user_id: string | null;
    upn: string | null;
    name: string | null;
    updated_at: string;
  };
  const toRecord = (r: Row | undefined): ConversationRecord | undefined =>
    r
      ? {
          aadObjectId: r.aad_object_id,
          conversationId: r.conversation_id,
          ...(r.user_id ? { userId: r.user_id } : {}),
          ...(r.upn ? { upn: r.upn } : {}),
          ...(r.name ? { name: r.name } : {}),
          updatedAt: r.updated_at,
        }
      : undefined;
  const upsert = db.prepare(
    `INSERT INTO owner_conversations (aad_object_id, conversation_id, user_id, upn, name, updated_at)
     VALUES (@aad, @conversationId, @userId, @upn, @name, @updatedAt)
     ON CONFLICT(aad_object_id) DO UPDATE SET conversation_id = excluded.conversation_id,
       user_id = COALESCE(excluded.user_id, user_id), upn = COALESCE(excluded.upn, upn),
       name = COALESCE(excluded.name, name), updated_at = excluded.updated_at`,
  );
  const one = (sql: string, value: string) => toRecord(db.prepare(sql).get(value) as Row | undefined);
  const conversations: ConversationStore = {
    upsert: async (r) => {
      const aad = r.aadObjectId?.trim().toLowerCase();
      if (!aad)
        throw new Error('A conversation is stored by the Entra object id of its person; none was given.');
      upsert.run({
        aad,
        conversationId: r.conversationId,
        userId: r.userId ?? null,
        upn: r.upn?.trim().toLowerCase() || null,
        name: r.name ?? null,
        updatedAt: r.updatedAt,
      });
    },
    byAadObjectId: async (id) =>
      one('SELECT * FROM owner_conversations WHERE aad_object_id = ?', id.trim().toLowerCase()),
    byUserId: async (userId) =>
      one('SELECT * FROM owner_conversations WHERE user_id = ? ORDER BY updated_at DESC LIMIT 1', userId),
    removeUser: async ({ aadObjectId, userId }) =>
      Number(
        db
          .prepare('DELETE FROM owner_conversations WHERE aad_object_id = ? OR user_id = ?')
          .run(aadObjectId?.trim().toLowerCase() ?? null, userId ?? null).changes,
      ),
    removeConversation: async (conversationId) =>
      Number(
        db.prepare('DELETE FROM owner_conversations WHERE conversation_id = ?').run(conversationId).changes,
      ),
  };
  const identities: IdentityCache = {
    get: async (personId) => {
      const r = db
        .prepare('SELECT aad_object_id, upn FROM owner_identities WHERE person_id = ?')
        .get(personId) as { aad_object_id: string; upn: string | null } | undefined;
      return r ? { aadObjectId: r.aad_object_id, ...(r.upn ? { upn: r.upn } : {}) } : undefined;
    },
    put: async (personId, identity) => {
      db.prepare(
        `INSERT INTO owner_identities (person_id, aad_object_id, upn, resolved_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(person_id) DO UPDATE SET aad_object_id = excluded.aad_object_id, upn = excluded.upn,
           resolved_at = excluded.resolved_at`,
      ).run(personId, identity.aadObjectId, identity.upn ?? null, new Date().toISOString());
    },
  };
  return {
    outbox,
    conversations,
    identities,
    channels: openChannelTable(db),
    moves: openConversationMovesTable(db),
    close: () => db.close(),
  };
}

/**
 * State files written before conversations were keyed by Entra object id: rows that carry one move
 * to `owner_conversations` (Teams user ids kept, `email:` placeholders dropped); rows without one are
 * dropped, as the next install event or message brings them back.
 */
function migrateConversations(db: DatabaseSync): void {
  const old = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'conversations'")
    .get();
  if (!old) return;
  db.exec('BEGIN');
  try {
    db.exec(`
      INSERT OR IGNORE INTO owner_conversations (aad_object_id, conversation_id, user_id, name, updated_at)
        SELECT lower(aad_object_id), conversation_id,
               CASE WHEN user_id LIKE 'email:%' THEN NULL ELSE user_id END, name, updated_at
        FROM conversations WHERE aad_object_id IS NOT NULL AND aad_object_id <> ''
        ORDER BY updated_at DESC;
      DROP TABLE conversations;
    `);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
