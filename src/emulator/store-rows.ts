/**
 * The store's rows and tables: what a list, an item, a version and a site user look like in SQLite and
 * in memory, the schema, and the value keys that back unique and indexed columns (src/emulator/store.ts
 * is the store itself).
 */
import { DatabaseSync } from 'node:sqlite';
import type { FieldDef } from './fields';
import type { SiteUser } from './types';

export type ListRow = {
  id: string;
  title: string;
  description: string;
  baseTemplate: number;
  enableVersioning: boolean;
  /** Bumped on every list MERGE; the list's ETag. */
  version: number;
  created: string;
  /** Other list properties clients set (ContentTypesEnabled, Hidden...), echoed back as given. */
  extra: Record<string, unknown>;
  /** Internal names the default view shows, in order; undefined = a new list's (LinkTitle). */
  defaultViewFields?: string[];
};

export type ItemRow = {
  id: number;
  /** owshiddenversion: 1 on create, +1 per update; the item's ETag. */
  version: number;
  /** By internal name; person and lookup columns hold an id or an array of ids. */
  values: Record<string, unknown>;
  created: string;
  modified: string;
  authorId: number;
  editorId: number;
};

export type ItemVersionRow = {
  version: number;
  values: Record<string, unknown>;
  modified: string;
  editorId: number;
};

/** What other modules get to run SQL on the store's database (see Store.sql). */
export type SqlRunner = {
  exec(sql: string): void;
  run(sql: string, ...params: (string | number | null)[]): void;
  get(sql: string, ...params: (string | number | null)[]): unknown;
  all(sql: string, ...params: (string | number | null)[]): unknown[];
};

export const schema = `
CREATE TABLE IF NOT EXISTS lists (
  id TEXT PRIMARY KEY, title TEXT NOT NULL UNIQUE COLLATE NOCASE, data TEXT NOT NULL,
  version INTEGER NOT NULL, next_item_id INTEGER NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fields (
  list_id TEXT NOT NULL, internal_name TEXT NOT NULL COLLATE NOCASE, ord INTEGER NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (list_id, internal_name));
CREATE TABLE IF NOT EXISTS items (
  list_id TEXT NOT NULL, id INTEGER NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL,
  created TEXT NOT NULL, modified TEXT NOT NULL, author_id INTEGER NOT NULL, editor_id INTEGER NOT NULL,
  PRIMARY KEY (list_id, id));
CREATE TABLE IF NOT EXISTS item_versions (
  list_id TEXT NOT NULL, item_id INTEGER NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL,
  modified TEXT NOT NULL, editor_id INTEGER NOT NULL, PRIMARY KEY (list_id, item_id, version));
CREATE TABLE IF NOT EXISTS item_keys (
  list_id TEXT NOT NULL, col TEXT NOT NULL, val NOT NULL, item_id INTEGER NOT NULL,
  PRIMARY KEY (list_id, col, val, item_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS item_key_columns (
  list_id TEXT NOT NULL, col TEXT NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (list_id, col));
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE COLLATE NOCASE, title TEXT NOT NULL,
  email TEXT NOT NULL, is_site_admin INTEGER NOT NULL, object_id TEXT);
`;

export type ListDbRow = { id: string; title: string; data: string; version: number; created: string };
export type ItemDbRow = {
  id: number;
  version: number;
  data: string;
  created: string;
  modified: string;
  author_id: number;
  editor_id: number;
};
export type UserDbRow = {
  id: number;
  login: string;
  title: string;
  email: string;
  is_site_admin: number;
  object_id: string | null;
};

/** A value's identity for EnforceUniqueValues: case-insensitive text, instants, ids; null when empty. */
export function valueKey(v: unknown): string | null {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return null;
  return typeof v === 'string' ? v.toLowerCase() : JSON.stringify(v);
}

/** Column kinds whose values the SQLite index (`item_keys`) holds, and how each is keyed. */
export const keyedKinds = new Set([
  'Text',
  'Choice',
  'Number',
  'Integer',
  'Currency',
  'Lookup',
  'User',
  'DateTime',
]);

/**
 * A value's key in the SQLite index of an indexed column (table `item_keys`): text and choice lower
 * case (SharePoint compares text case-insensitively), numbers as numbers, a single person or lookup
 * by its id, a date as its instant in ms; null for an empty value or one of another type, which the
 * index does not hold (queries for it scan). The filter evaluator compares the same way
 * (filter-eval.ts), so an index lookup and a scan find the same items.
 */
export function indexKey(kind: string, v: unknown): string | number | null {
  if (Array.isArray(v)) v = v.length === 1 ? v[0] : undefined;
  if (v === null || v === undefined || v === '') return null;
  switch (kind) {
    case 'Text':
    case 'Choice':
      return typeof v === 'string' ? v.toLowerCase() : null;
    case 'DateTime': {
      const t = typeof v === 'string' ? Date.parse(v) : NaN;
      return Number.isNaN(t) ? null : t;
    }
    default: {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isFinite(n) ? n : null;
    }
  }
}

/** Whether an indexed column's values go into the SQLite index (single-value kinds of `keyedKinds`). */
export function keyedColumn(f: FieldDef): boolean {
  return f.indexed && !f.multi && !rowColumnNames.has(f.internalName) && keyedKinds.has(f.kind);
}

/** Columns read from the item row itself rather than its values (ID is the table's own key). */
export const rowColumnNames = new Set(['ID', 'Created', 'Modified', 'Author', 'Editor']);

/** The bounds of an index seek: `eq`, or a range with optional ends (`lo`/`hi`, inclusive or not). */
export type KeyBounds = { lo?: number; loInclusive?: boolean; hi?: number; hiInclusive?: boolean };
export type KeyRange = { eq: (string | number)[] } | KeyBounds;

/** SharePoint timestamps: UTC, second precision, `Z` suffix. */
export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function addToIndex(index: Map<string, Set<number>>, key: string | null, id: number): void {
  if (key === null) return;
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

export function toList(r: ListDbRow): ListRow {
  const data = JSON.parse(r.data) as Omit<ListRow, 'id' | 'title' | 'version' | 'created'>;
  return { ...data, id: r.id, title: r.title, version: r.version, created: r.created };
}

export function toItem(r: ItemDbRow): ItemRow {
  return {
    id: r.id,
    version: r.version,
    values: JSON.parse(r.data) as Record<string, unknown>,
    created: r.created,
    modified: r.modified,
    authorId: r.author_id,
    editorId: r.editor_id,
  };
}

export function toUser(r: UserDbRow): SiteUser {
  return {
    id: r.id,
    loginName: r.login,
    title: r.title,
    email: r.email,
    isSiteAdmin: r.is_site_admin === 1,
    ...(r.object_id ? { objectId: r.object_id } : {}),
  };
}

export type VersionDbRow = { version: number; data: string; modified: string; editor_id: number };

export function toVersion(r: VersionDbRow): ItemVersionRow {
  return {
    version: r.version,
    values: JSON.parse(r.data) as Record<string, unknown>,
    modified: r.modified,
    editorId: r.editor_id,
  };
}

/** Opens (or creates) a site's database: WAL, held exclusively, schema and migrations applied. */
export function openDatabase(dbPath: string): DatabaseSync {
  const db = new DatabaseSync(dbPath, { timeout: 0 });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    // The item cache assumes this process is the only writer: hold the file exclusively.
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec(`BEGIN EXCLUSIVE; ${schema} COMMIT;`);
    // Files written before site users carried their Entra object id get the column.
    const userColumns = db.prepare('PRAGMA table_info(users)').all() as { name: string }[];
    if (!userColumns.some((c) => c.name === 'object_id'))
      db.exec('ALTER TABLE users ADD COLUMN object_id TEXT');
  } catch (e) {
    db.close();
    // Read the text, not the class: errors from node:sqlite may come from another realm (jest).
    const text = e instanceof Error ? e.message : String(e);
    throw new Error(
      /locked|busy/i.test(text)
        ? `The database file '${dbPath}' is in use by another list service process. Stop it or use another --db file.`
        : `Cannot open the database file '${dbPath}': ${text}`,
    );
  }
  return db;
}
