/**
 * The review service's own durable state: the answer outbox (answers accepted but not yet written to
 * SharePoint, and the claims of sends, intros and escalations) and the conversation ids, identities,
 * channels and replaced chats captured from Teams. SharePoint holds the register and the review
 * requests; this holds only what must survive a restart of this service and can otherwise be rebuilt.
 *
 * All of it is rows of one state table (src/review/state-table.ts), one implementation
 * (src/review/state-stores.ts, outbox.ts) over either adapter:
 * - SQLite (`openReviewState(path)`, src/server/state-sqlite.ts): the local, single-instance default,
 *   one file beside the service (WAL, synchronous FULL: an answer the owner was told is kept is on disk);
 * - Azure Table Storage (src/server/state-azure-tables.ts): production, where two instances (a restart,
 *   a slot swap) share it. See docs/deployment.md, "Where the review service keeps its state".
 *
 * A state file written before the state table (tables outbox, owner_conversations, owner_identities,
 * channels, conversation_moves, and the older conversations) is migrated into rows when opened.
 */
import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import type { TokenCredential } from '@azure/identity';
import type { ChannelStore } from '../review/channels';
import type { ConversationMoves } from '../review/conversation-moves';
import type { ConversationRecord, ConversationStore } from '../review/conversations';
import type { IdentityCache } from '../review/identity';
import { outboxOn, type Outbox, type OutboxEntry } from '../review/outbox';
import {
  channelsOn,
  conversationMovesOn,
  conversationsOn,
  identitiesOn,
  statePartitions,
} from '../review/state-stores';
import type { StateTable } from '../review/state-table';
import type { Clock } from '../review/clock';
import { sharedSendBudget, type SendBudget } from '../review/send-budget';
import { openAzureStateTable } from './state-azure-tables';
import { openSqliteStateTable } from './state-sqlite';

export type ReviewState = {
  outbox: Outbox;
  conversations: ConversationStore;
  /** Register people's Entra identities, resolved once (identity.ts). */
  identities: IdentityCache;
  /** The team channels the bot can post digests in. */
  channels: ChannelStore;
  /** Chats replaced for the same Teams user. */
  moves: ConversationMoves;
  /** The tenant's Teams budget, shared by every instance on this state (send-budget.ts). */
  sendBudget(clock: Clock, perSecond?: number): SendBudget;
  close(): Promise<void>;
};

/** Where the state lives (REVIEW_STATE_STORE and its settings, src/server/config.ts). */
export type ReviewStateStore =
  | { kind: 'sqlite'; path: string }
  | {
      kind: 'azure-tables';
      table: string;
      /** Azurite or a Storage account with shared keys. */
      connectionString?: string;
      /** `https://<account>.table.core.windows.net`, with `credential` (the managed identity). */
      endpoint?: string;
      credential?: TokenCredential;
    };

/** The service's stores over one state table. */
export function reviewStateOn(
  table: StateTable,
  now: () => string = () => new Date().toISOString(),
): ReviewState {
  return {
    outbox: outboxOn(table),
    conversations: conversationsOn(table),
    identities: identitiesOn(table, now),
    channels: channelsOn(table),
    moves: conversationMovesOn(table),
    sendBudget: (clock, perSecond) => sharedSendBudget(table, clock, perSecond),
    close: () => table.close(),
  };
}

/** The local default: the state in one SQLite file (`:memory:` for tests), old tables migrated. */
export function openReviewState(path: string): ReviewState {
  const table = openSqliteStateTable(path);
  if (path !== ':memory:') migrateOldTables(path);
  return reviewStateOn(table);
}

/** Opens the configured store. */
export async function openReviewStateStore(store: ReviewStateStore): Promise<ReviewState> {
  if (store.kind === 'sqlite') return openReviewState(store.path);
  if (store.connectionString) {
    return reviewStateOn(
      await openAzureStateTable({ connectionString: store.connectionString, table: store.table }),
    );
  }
  if (!store.endpoint || !store.credential) {
    throw new Error(
      'Azure Table Storage state needs REVIEW_STATE_TABLE_ENDPOINT and a managed identity, or REVIEW_STATE_TABLE_CONNECTION_STRING.',
    );
  }
  return reviewStateOn(
    await openAzureStateTable({ endpoint: store.endpoint, table: store.table, credential: store.credential }),
  );
}

const oldTables = [
  'outbox',
  'owner_conversations',
  'conversations',
  'owner_identities',
  'channels',
  'conversation_moves',
] as const;

type OldConversation = {
  aad_object_id: string;
  conversation_id: string;
  user_id: string | null;
  upn?: string | null;
  name: string | null;
  updated_at: string;
};

/**
 * Moves the rows of the tables a state file had before the state table into its rows (the
 * `state_rows` table of state-sqlite.ts), in one transaction, and drops the old tables: a file is
 * migrated once, whole or not at all. The oldest files' `conversations` rows (keyed by Teams user id)
 * move when they carry an Entra object id (`email:` placeholder ids dropped); rows without one are
 * dropped, as the next install event or message brings them back. A newer row wins a shared key.
 */
function migrateOldTables(path: string): void {
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const present = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    const found = oldTables.filter((t) => present.has(t));
    if (found.length === 0) return;
    const insert = db.prepare(
      'INSERT INTO state_rows (partition, key, value, etag) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    const put = (partition: string, key: string, value: unknown) =>
      insert.run(partition, key, JSON.stringify(value), randomUUID());
    const rows = <T>(sql: string) => db.prepare(sql).all() as T[];
    const conversation = (r: OldConversation) => {
      const aad = r.aad_object_id.trim().toLowerCase();
      const userId = r.user_id && !r.user_id.startsWith('email:') ? r.user_id : undefined;
      const record: ConversationRecord = {
        aadObjectId: aad,
        conversationId: r.conversation_id,
        ...(userId ? { userId } : {}),
        ...(r.upn ? { upn: r.upn } : {}),
        ...(r.name ? { name: r.name } : {}),
        updatedAt: r.updated_at,
      };
      if (userId) put(statePartitions.conversationByUser, userId, { aadObjectId: aad });
      put(statePartitions.conversation, aad, record);
    };
    db.exec('BEGIN IMMEDIATE');
    try {
      if (present.has('outbox')) {
        for (const r of rows<{ key: string; body: string }>('SELECT key, body FROM outbox'))
          put(statePartitions.outbox, r.key, JSON.parse(r.body) as OutboxEntry);
      }
      if (present.has('owner_conversations')) {
        rows<OldConversation>('SELECT * FROM owner_conversations ORDER BY updated_at DESC').forEach(
          conversation,
        );
      }
      if (present.has('conversations')) {
        rows<OldConversation>(
          `SELECT aad_object_id, conversation_id, user_id, name, updated_at FROM conversations
           WHERE aad_object_id IS NOT NULL AND aad_object_id <> '' ORDER BY updated_at DESC`,
        ).forEach(conversation);
      }
      if (present.has('owner_identities')) {
        for (const r of rows<{
          person_id: number;
          aad_object_id: string;
          upn: string | null;
          resolved_at: string;
        }>('SELECT * FROM owner_identities')) {
          put(statePartitions.identity, String(r.person_id), {
            aadObjectId: r.aad_object_id,
            ...(r.upn ? { upn: r.upn } : {}),
            resolvedAt: r.resolved_at,
          });
        }
      }
      if (present.has('channels')) {
        for (const r of rows<{ channel_id: string; body: string }>('SELECT channel_id, body FROM channels'))
          put(statePartitions.channel, r.channel_id, JSON.parse(r.body));
      }
      if (present.has('conversation_moves')) {
        for (const r of rows<{
          from_conversation_id: string;
          to_conversation_id: string;
          user_id: string;
          moved_at: string;
        }>('SELECT * FROM conversation_moves')) {
          put(statePartitions.move, r.from_conversation_id, {
            from: r.from_conversation_id,
            to: r.to_conversation_id,
            userId: r.user_id,
            movedAt: r.moved_at,
          });
        }
      }
      for (const t of found) db.exec(`DROP TABLE ${t}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    db.close();
  }
}
