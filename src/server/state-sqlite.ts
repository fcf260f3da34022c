/**
 * The state port (src/review/state-table.ts) on one SQLite file: the local, single-instance default.
 * Each conditional write is one statement (`INSERT … ON CONFLICT DO NOTHING`, `UPDATE … WHERE etag`,
 * `DELETE … WHERE etag`), atomic in SQLite, so even two processes on one local file never both win.
 * Choose it for `npm start`, a single container with a local volume, or one App Service instance on
 * local storage. Do not put it on a network share (SQLite's own guidance: WAL and file locking are not
 * reliable over network file systems) or behind two instances: use Azure Table Storage there.
 */
import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { checkStateKey, type Conflict, type StateRow, type StateTable } from '../review/state-table';

type Row = { partition: string; key: string; value: string; etag: string };

export function openSqliteStateTable(path: string): StateTable {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  // Another process holding the write lock: wait for it instead of failing at once.
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS state_rows (
    partition TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    etag TEXT NOT NULL,
    PRIMARY KEY (partition, key)
  )`);
  const sql = {
    get: db.prepare('SELECT partition, key, value, etag FROM state_rows WHERE partition = ? AND key = ?'),
    insert: db.prepare(
      'INSERT INTO state_rows (partition, key, value, etag) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    replace: db.prepare(
      'UPDATE state_rows SET value = ?, etag = ? WHERE partition = ? AND key = ? AND etag = ?',
    ),
    upsert: db.prepare(
      `INSERT INTO state_rows (partition, key, value, etag) VALUES (?, ?, ?, ?)
       ON CONFLICT (partition, key) DO UPDATE SET value = excluded.value, etag = excluded.etag`,
    ),
    remove: db.prepare('DELETE FROM state_rows WHERE partition = ? AND key = ?'),
    removeAt: db.prepare('DELETE FROM state_rows WHERE partition = ? AND key = ? AND etag = ?'),
    list: db.prepare('SELECT partition, key, value, etag FROM state_rows WHERE partition = ? ORDER BY key'),
  };
  const toRow = <T>(r: Row): StateRow<T> => ({
    partition: r.partition,
    key: r.key,
    value: JSON.parse(r.value) as T,
    etag: r.etag,
  });
  const read = <T>(partition: string, key: string): StateRow<T> | undefined => {
    const r = sql.get.get(partition, key) as Row | undefined;
    return r ? toRow<T>(r) : undefined;
  };
  const checked = (partition: string, key: string) => {
    checkStateKey('partition', partition);
    checkStateKey('key', key);
  };
  return {
    get: async (partition, key) => read(partition, key),
    insert: async <T>(partition: string, key: string, value: T) => {
      checked(partition, key);
      const etag = randomUUID();
      const { changes } = sql.insert.run(partition, key, JSON.stringify(value), etag);
      return changes === 1 ? { partition, key, value, etag } : ({ conflict: 'exists' } satisfies Conflict);
    },
    replace: async <T>(partition: string, key: string, value: T, etag: string) => {
      checked(partition, key);
      const next = randomUUID();
      const { changes } = sql.replace.run(JSON.stringify(value), next, partition, key, etag);
      if (changes === 1) return { partition, key, value, etag: next };
      return { conflict: read(partition, key) ? 'changed' : 'absent' } satisfies Conflict;
    },
    upsert: async <T>(partition: string, key: string, value: T) => {
      checked(partition, key);
      const etag = randomUUID();
      sql.upsert.run(partition, key, JSON.stringify(value), etag);
      return { partition, key, value, etag };
    },
    remove: async (partition, key, etag) => {
      if (etag === undefined) {
        sql.remove.run(partition, key);
        return true;
      }
      const { changes } = sql.removeAt.run(partition, key, etag);
      if (changes === 1) return true;
      return { conflict: read(partition, key) ? 'changed' : 'absent' } satisfies Conflict;
    },
    list: async (partition) => (sql.list.all(partition) as Row[]).map((r) => toRow(r)),
    close: async () => db.close(),
  };
}
