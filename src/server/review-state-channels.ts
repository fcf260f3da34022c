/**
 * The managers' channels table of the review service's state file (see review-state.ts): the team
 * channels the bot was added to or the channel tab was configured in. Like conversation ids, they come
 * back with the next install event or tab configuration, so they live here and not in SharePoint.
 */
import type { DatabaseSync } from 'node:sqlite';
import { mergeChannel, type ChannelRecord, type ChannelStore } from '../review/channels';

/** Creates the table when it is missing and returns the store over it. */
export function openChannelTable(db: DatabaseSync): ChannelStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS channels (
      channel_id TEXT PRIMARY KEY,
      team_id TEXT NOT NULL,
      body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS channels_team ON channels(team_id);
  `);
  const get = (id: string): ChannelRecord | undefined => {
    const row = db.prepare('SELECT body FROM channels WHERE channel_id = ?').get(id) as
      { body: string } | undefined;
    return row ? (JSON.parse(row.body) as ChannelRecord) : undefined;
  };
  const put = db.prepare(
    `INSERT INTO channels (channel_id, team_id, body) VALUES (?, ?, ?)
     ON CONFLICT(channel_id) DO UPDATE SET team_id = excluded.team_id, body = excluded.body`,
  );
  return {
    upsert: async (r) => {
      const merged = mergeChannel(get(r.channelId), r);
      put.run(merged.channelId, merged.teamId, JSON.stringify(merged));
    },
    list: async () =>
      (db.prepare('SELECT body FROM channels ORDER BY channel_id').all() as { body: string }[]).map(
        (r) => JSON.parse(r.body) as ChannelRecord,
      ),
    byChannelId: async (id) => get(id),
    removeTeam: async (teamId) => {
      db.prepare('DELETE FROM channels WHERE team_id = ?').run(teamId);
    },
  };
}
