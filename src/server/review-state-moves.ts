/**
 * The replaced-chats table of the review service's state file (see review-state.ts and
 * src/review/conversation-moves.ts): which 1:1 chat replaced which for the same Teams user.
 */
import type { DatabaseSync } from 'node:sqlite';
import { newestChat, type ConversationMoves } from '../review/conversation-moves';

export function openConversationMovesTable(db: DatabaseSync): ConversationMoves {
  db.exec(`
    CREATE TABLE IF NOT EXISTS conversation_moves (
      from_conversation_id TEXT PRIMARY KEY,
      to_conversation_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      moved_at TEXT NOT NULL
    );
  `);
  const to = (id: string): string | undefined =>
    (
      db
        .prepare('SELECT to_conversation_id AS t FROM conversation_moves WHERE from_conversation_id = ?')
        .get(id) as { t: string } | undefined
    )?.t;
  const put = db.prepare(
    `INSERT INTO conversation_moves (from_conversation_id, to_conversation_id, user_id, moved_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(from_conversation_id) DO UPDATE SET to_conversation_id = excluded.to_conversation_id,
       user_id = excluded.user_id, moved_at = excluded.moved_at`,
  );
  return {
    record: async (m) => {
      if (m.from !== m.to) put.run(m.from, m.to, m.userId, m.movedAt);
      // A chat that is current again is no longer replaced.
      db.prepare('DELETE FROM conversation_moves WHERE from_conversation_id = ?').run(m.to);
    },
    replacedBy: async (id) => newestChat(to(id), async (c) => to(c), id),
  };
}
