/**
 * The review service's own durable state in one SQLite file: the answer outbox (answers accepted but
 * not yet written to SharePoint) and the conversation ids captured from install events. SharePoint
 * holds the register and the review requests; this file holds only what must survive a restart of
 * this service and can be rebuilt (conversations come back with the next install event, message or
 * Graph installation). WAL mode and synchronous FULL: an answer the owner was told is kept is on disk.
 */
import { DatabaseSync } from 'node:sqlite';
import type { ConversationRecord, ConversationStore } from '../review/conversations';
import type { Outbox, OutboxEntry } from '../review/outbox';
import type { ChannelStore } from '../review/channels';
import { openChannelTable } from './review-state-channels';
import type { ConversationMoves } from '../review/conversation-moves';
import { openConversationMovesTable } from './review-state-moves';

export type ReviewState = {
  outbox: Outbox;
  conversations: ConversationStore;
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
    CREATE TABLE IF NOT EXISTS conversations (
      user_id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      aad_object_id TEXT,
      email TEXT,
      name TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS conversations_email ON conversations(email);
    CREATE INDEX IF NOT EXISTS conversations_aad ON conversations(aad_object_id);
  `);
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
    user_id: string;
    conversation_id: string;
    aad_object_id: string | null;
    email: string | null;
    name: string | null;
    updated_at: string;
  };
  const toRecord = (r: Row | undefined): ConversationRecord | undefined =>
    r
      ? {
          conversationId: r.conversation_id,
          userId: r.user_id,
          ...(r.aad_object_id ? { aadObjectId: r.aad_object_id } : {}),
          ...(r.email ? { email: r.email } : {}),
          ...(r.name ? { name: r.name } : {}),
          updatedAt: r.updated_at,
        }
      : undefined;
  const upsert = db.prepare(
    `INSERT INTO conversations (user_id, conversation_id, aad_object_id, email, name, updated_at)
     VALUES (@userId, @conversationId, @aad, @email, @name, @updatedAt)
     ON CONFLICT(user_id) DO UPDATE SET conversation_id = excluded.conversation_id,
       aad_object_id = COALESCE(excluded.aad_object_id, aad_object_id), email = COALESCE(excluded.email, email),
       name = COALESCE(excluded.name, name), updated_at = excluded.updated_at`,
  );
  const one = (sql: string, value: string) => toRecord(db.prepare(sql).get(value) as Row | undefined);
  const conversations: ConversationStore = {
    upsert: async (r) => {
      upsert.run({
        userId: r.userId,
        conversationId: r.conversationId,
        aad: r.aadObjectId?.toLowerCase() ?? null,
        email: r.email?.trim().toLowerCase() || null,
        name: r.name ?? null,
        updatedAt: r.updatedAt,
      });
    },
    byEmail: async (email) =>
      one(
        'SELECT * FROM conversations WHERE email = ? ORDER BY updated_at DESC LIMIT 1',
        email.trim().toLowerCase(),
      ),
    byUserId: async (userId) => one('SELECT * FROM conversations WHERE user_id = ?', userId),
    byAadObjectId: async (id) =>
      one(
        'SELECT * FROM conversations WHERE aad_object_id = ? ORDER BY updated_at DESC LIMIT 1',
        id.toLowerCase(),
      ),
    remove: async (userId) => {
      db.prepare('DELETE FROM conversations WHERE user_id = ?').run(userId);
    },
  };
  return {
    outbox,
    conversations,
    channels: openChannelTable(db),
    moves: openConversationMovesTable(db),
    close: () => db.close(),
  };
}
