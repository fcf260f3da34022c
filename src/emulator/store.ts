/**
 * SQLite persistence (Node's built-in node:sqlite, WAL) for lists, fields, items, item versions and site
 * users. Items of a list are cached in memory after first use; every write goes to SQLite first,
 * inside a transaction, so a restart on the same file sees exactly what clients were told.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { randomUUID } from 'node:crypto';
import { builtInFields, type FieldDef } from './fields';
import type { SiteUser } from './types';
import {
  addToIndex,
  indexKey,
  keyedColumn,
  nowIso,
  openDatabase,
  toItem,
  toList,
  toUser,
  toVersion,
  valueKey,
  type ItemDbRow,
  type ItemRow,
  type ItemVersionRow,
  type KeyBounds,
  type KeyRange,
  type ListDbRow,
  type ListRow,
  type SqlRunner,
  type UserDbRow,
  type VersionDbRow,
} from './store-rows';

export { indexKey, keyedColumn, nowIso, valueKey } from './store-rows';
export type { ItemRow, ItemVersionRow, KeyBounds, KeyRange, ListRow, SqlRunner } from './store-rows';

/** The service's data, one SQLite database per site. */
export class Store {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  /** Depth of nested `transaction` calls: the outermost one is BEGIN/COMMIT, inner ones savepoints. */
  private transactionDepth = 0;
  private readonly itemCache = new Map<string, Map<number, ItemRow>>();
  private readonly fieldCache = new Map<string, FieldDef[]>();
  /** listId -> column -> value key -> item ids; built on first use, kept current by writes. */
  private readonly valueIndexes = new Map<string, Map<string, Map<string, Set<number>>>>();
  /** listId -> column -> kind of the columns whose keys are in `item_keys` (read from item_key_columns). */
  private readonly keyColumnCache = new Map<string, Map<string, string>>();

  constructor(dbPath: string) {
    this.db = openDatabase(dbPath);
  }

  /** Prepared statements are reused: preparing dominated the cost of small writes. */
  private stmt(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** Runs `fn` in one SQLite transaction (all or nothing); a nested call is a savepoint inside it. */
  transaction<T>(fn: () => T): T {
    const depth = this.transactionDepth;
    const savepoint = `sp${depth}`;
    this.db.exec(depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
    this.transactionDepth = depth + 1;
    try {
      const result = fn();
      this.db.exec(depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (e) {
      this.db.exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw e;
    } finally {
      this.transactionDepth = depth;
    }
  }

  close(): void {
    this.db.close();
  }

  /**
   * Plain SQL over this database for tables other modules own (security-store.ts), with the
   * same statement cache; kept to exec/run/get/all so it does not depend on the driver.
   */
  sql(): SqlRunner {
    return {
      exec: (text) => {
        this.db.exec(text);
      },
      run: (text, ...params) => {
        this.stmt(text).run(...params);
      },
      get: (text, ...params) => this.stmt(text).get(...params),
      all: (text, ...params) => this.stmt(text).all(...params),
    };
  }

  allLists(): ListRow[] {
    return (this.stmt('SELECT * FROM lists ORDER BY created, title').all() as ListDbRow[]).map(toList);
  }

  /** Case-insensitive, as SharePoint's getByTitle. */
  listByTitle(title: string): ListRow | undefined {
    const r = this.stmt('SELECT * FROM lists WHERE title = ?').get(title) as ListDbRow | undefined;
    return r ? toList(r) : undefined;
  }

  listById(id: string): ListRow | undefined {
    const r = this.stmt('SELECT * FROM lists WHERE id = ?').get(id.toLowerCase()) as ListDbRow | undefined;
    return r ? toList(r) : undefined;
  }

  createList(props: Omit<ListRow, 'id' | 'version' | 'created'>): ListRow {
    const id = randomUUID();
    const created = nowIso();
    const { title, ...data } = props;
    this.transaction(() => {
      this.stmt(
        'INSERT INTO lists (id, title, data, version, next_item_id, created) VALUES (?, ?, ?, 1, 1, ?)',
      ).run(id, title, JSON.stringify(data), created);
      builtInFields().forEach((f, i) => this.insertField(id, f, i));
    });
    return this.listById(id) as ListRow;
  }

  updateList(list: ListRow): ListRow {
    const { id, title, version: _v, created: _c, ...data } = list;
    this.stmt('UPDATE lists SET title = ?, data = ?, version = version + 1 WHERE id = ?').run(
      title,
      JSON.stringify(data),
      id,
    );
    return this.listById(id) as ListRow;
  }

  /** Removes a list with its fields, items and versions. */
  deleteList(listId: string): void {
    this.transaction(() => {
      for (const table of ['item_versions', 'items', 'fields', 'item_keys', 'item_key_columns']) {
        this.stmt(`DELETE FROM ${table} WHERE list_id = ?`).run(listId);
      }
      this.stmt('DELETE FROM lists WHERE id = ?').run(listId);
    });
    this.itemCache.delete(listId);
    this.fieldCache.delete(listId);
    this.valueIndexes.delete(listId);
    this.keyColumnCache.delete(listId);
  }

  /** Removes a column and its values from every item (a later column of that name starts empty). */
  deleteField(listId: string, internalName: string): void {
    const items = this.items(listId);
    this.transaction(() => {
      this.stmt('DELETE FROM fields WHERE list_id = ? AND internal_name = ?').run(listId, internalName);
      this.dropKeys(listId, internalName);
      for (const item of items.values()) {
        if (!(internalName in item.values)) continue;
        const { [internalName]: _dropped, ...values } = item.values;
        this.stmt('UPDATE items SET data = ? WHERE list_id = ? AND id = ?').run(
          JSON.stringify(values),
          listId,
          item.id,
        );
        items.set(item.id, { ...item, values });
      }
    });
    this.fieldCache.delete(listId);
    this.valueIndexes.get(listId)?.delete(internalName);
  }

  fields(listId: string): FieldDef[] {
    let cached = this.fieldCache.get(listId);
    if (!cached) {
      const rows = this.stmt('SELECT data FROM fields WHERE list_id = ? ORDER BY ord').all(listId) as {
        data: string;
      }[];
      cached = rows.map((r) => JSON.parse(r.data) as FieldDef);
      this.fieldCache.set(listId, cached);
    }
    return cached;
  }

  private insertField(listId: string, f: FieldDef, ord: number): void {
    this.stmt('INSERT INTO fields (list_id, internal_name, ord, data) VALUES (?, ?, ?, ?)').run(
      listId,
      f.internalName,
      ord,
      JSON.stringify(f),
    );
    this.fieldCache.delete(listId);
  }

  addField(listId: string, f: FieldDef): void {
    this.insertField(listId, f, this.fields(listId).length);
  }

  updateField(listId: string, f: FieldDef): void {
    // No longer indexed (or of another kind): the SQLite index goes; ensureKeys builds it again on use.
    const keyedAs = this.keyColumns(listId).get(f.internalName);
    if (keyedAs !== undefined && (!keyedColumn(f) || keyedAs !== f.kind))
      this.dropKeys(listId, f.internalName);
    this.stmt('UPDATE fields SET data = ? WHERE list_id = ? AND internal_name = ?').run(
      JSON.stringify(f),
      listId,
      f.internalName,
    );
    this.fieldCache.delete(listId);
  }

  /** All items of a list by id (cached; callers must not mutate the rows). */
  items(listId: string): Map<number, ItemRow> {
    let cached = this.itemCache.get(listId);
    if (!cached) {
      const rows = this.stmt('SELECT * FROM items WHERE list_id = ? ORDER BY id').all(listId) as ItemDbRow[];
      cached = new Map(rows.map((r) => [r.id, toItem(r)]));
      this.itemCache.set(listId, cached);
    }
    return cached;
  }

  /** Ids of the items whose column holds a value with this key (see valueKey). */
  itemsWithValue(listId: string, column: string, key: string): ReadonlySet<number> {
    let byColumn = this.valueIndexes.get(listId);
    if (!byColumn) this.valueIndexes.set(listId, (byColumn = new Map()));
    let index = byColumn.get(column);
    if (!index) {
      index = new Map();
      for (const item of this.items(listId).values())
        addToIndex(index, valueKey(item.values[column]), item.id);
      byColumn.set(column, index);
    }
    return index.get(key) ?? new Set();
  }

  /** The list's columns whose values are in `item_keys`, by name, with the kind they were keyed as. */
  private keyColumns(listId: string): Map<string, string> {
    let cols = this.keyColumnCache.get(listId);
    if (!cols) {
      const rows = this.stmt('SELECT col, kind FROM item_key_columns WHERE list_id = ?').all(listId) as {
        col: string;
        kind: string;
      }[];
      cols = new Map(rows.map((r) => [r.col, r.kind]));
      this.keyColumnCache.set(listId, cols);
    }
    return cols;
  }

  private insertKeys(listId: string, cols: Iterable<[string, string]>, item: ItemRow): void {
    for (const [col, kind] of cols) {
      const key = indexKey(kind, item.values[col]);
      if (key !== null)
        this.stmt('INSERT OR IGNORE INTO item_keys (list_id, col, val, item_id) VALUES (?, ?, ?, ?)').run(
          listId,
          col,
          key,
          item.id,
        );
    }
  }

  private deleteKeys(listId: string, cols: Iterable<[string, string]>, item: ItemRow): void {
    for (const [col, kind] of cols) {
      const key = indexKey(kind, item.values[col]);
      if (key !== null)
        this.stmt('DELETE FROM item_keys WHERE list_id = ? AND col = ? AND val = ? AND item_id = ?').run(
          listId,
          col,
          key,
          item.id,
        );
    }
  }

  /** Drops a column's SQLite index (the column was deleted, or is no longer indexed). */
  private dropKeys(listId: string, column: string): void {
    this.stmt('DELETE FROM item_keys WHERE list_id = ? AND col = ?').run(listId, column);
    this.stmt('DELETE FROM item_key_columns WHERE list_id = ? AND col = ?').run(listId, column);
    this.keyColumnCache.get(listId)?.delete(column);
  }

  /**
   * Makes sure an indexed column's values are in the SQLite index, building it from the items the
   * first time (the way SharePoint builds an index when a column is marked indexed); false when the
   * column is not one the index holds (see keyedColumn).
   */
  ensureKeys(listId: string, field: FieldDef): boolean {
    if (!keyedColumn(field)) return false;
    const cols = this.keyColumns(listId);
    if (cols.get(field.internalName) === field.kind) return true;
    const items = this.items(listId);
    this.transaction(() => {
      this.dropKeys(listId, field.internalName);
      this.stmt('INSERT INTO item_key_columns (list_id, col, kind) VALUES (?, ?, ?)').run(
        listId,
        field.internalName,
        field.kind,
      );
      const one: [string, string][] = [[field.internalName, field.kind]];
      for (const item of items.values()) this.insertKeys(listId, one, item);
    });
    cols.set(field.internalName, field.kind);
    return true;
  }

  /**
   * Up to `limit` ids of items whose indexed column has a key in `range`, above `afterId`, in id
   * order: an index seek in SQLite (call ensureKeys first). Repeated with the last id returned, it
   * pages through the matches without reading the rest of the list.
   */
  seekIds(
    listId: string,
    column: string,
    range: KeyRange,
    afterId: number,
    limit: number,
    desc = false,
  ): number[] {
    const where: string[] = ['list_id = ?', 'col = ?'];
    const params: (string | number)[] = [listId, column];
    if ('eq' in range) {
      where.push(range.eq.length === 1 ? 'val = ?' : `val IN (${range.eq.map(() => '?').join(', ')})`);
      params.push(...range.eq);
    } else {
      // Only numeric keys in a range: text keys of the same column sort after every number.
      where.push("typeof(val) IN ('integer', 'real')");
      if (range.lo !== undefined) {
        where.push(range.loInclusive ? 'val >= ?' : 'val > ?');
        params.push(range.lo);
      }
      if (range.hi !== undefined) {
        where.push(range.hiInclusive ? 'val <= ?' : 'val < ?');
        params.push(range.hi);
      }
    }
    // Descending, `afterId` is where the previous chunk stopped (0: from the newest).
    where.push(desc ? 'item_id < ?' : 'item_id > ?');
    params.push(desc && afterId <= 0 ? Number.MAX_SAFE_INTEGER : afterId, limit);
    const rows = this.stmt(
      `SELECT item_id FROM item_keys WHERE ${where.join(' AND ')} ORDER BY item_id ${desc ? 'DESC' : ''} LIMIT ?`,
    ).all(...params) as { item_id: number }[];
    return rows.map((r) => r.item_id);
  }

  /** Up to `limit` item ids above `afterId` within an ID range, in id order (the items table's own key). */
  seekItemIds(
    listId: string,
    range: KeyBounds & { eq?: number[] },
    afterId: number,
    limit: number,
    desc = false,
  ): number[] {
    const where: string[] = ['list_id = ?', desc ? 'id < ?' : 'id > ?'];
    const params: number[] = [desc && afterId <= 0 ? Number.MAX_SAFE_INTEGER : afterId];
    if (range.eq) {
      where.push(`id IN (${range.eq.map(() => '?').join(', ')})`);
      params.push(...range.eq);
    }
    if (range.lo !== undefined) {
      where.push(range.loInclusive ? 'id >= ?' : 'id > ?');
      params.push(range.lo);
    }
    if (range.hi !== undefined) {
      where.push(range.hiInclusive ? 'id <= ?' : 'id < ?');
      params.push(range.hi);
    }
    const rows = this.stmt(
      `SELECT id FROM items WHERE ${where.join(' AND ')} ORDER BY id ${desc ? 'DESC' : ''} LIMIT ?`,
    ).all(listId, ...params, limit) as { id: number }[];
    return rows.map((r) => r.id);
  }

  private reindex(listId: string, before: ItemRow | undefined, after: ItemRow | undefined): void {
    for (const [column, index] of this.valueIndexes.get(listId) ?? []) {
      if (before) index.get(valueKey(before.values[column]) ?? '')?.delete(before.id);
      if (after) addToIndex(index, valueKey(after.values[column]), after.id);
    }
  }

  insertItem(listId: string, values: Record<string, unknown>, userId: number, keepVersion: boolean): ItemRow {
    const items = this.items(listId);
    return this.transaction(() => {
      const { next_item_id: id } = this.stmt('SELECT next_item_id FROM lists WHERE id = ?').get(listId) as {
        next_item_id: number;
      };
      // SharePoint never reuses an item id, even after deletes.
      this.stmt('UPDATE lists SET next_item_id = ? WHERE id = ?').run(id + 1, listId);
      const now = nowIso();
      const row: ItemRow = {
        id,
        version: 1,
        values,
        created: now,
        modified: now,
        authorId: userId,
        editorId: userId,
      };
      this.stmt(
        'INSERT INTO items (list_id, id, version, data, created, modified, author_id, editor_id) VALUES (?,?,?,?,?,?,?,?)',
      ).run(listId, id, 1, JSON.stringify(values), now, now, userId, userId);
      if (keepVersion) this.insertVersion(listId, row);
      this.insertKeys(listId, this.keyColumns(listId), row);
      items.set(id, row);
      this.reindex(listId, undefined, row);
      return row;
    });
  }

  updateItem(
    listId: string,
    item: ItemRow,
    values: Record<string, unknown>,
    userId: number,
    keepVersion: boolean,
  ): ItemRow {
    const items = this.items(listId);
    return this.transaction(() => {
      const row: ItemRow = {
        ...item,
        values,
        version: item.version + 1,
        modified: nowIso(),
        editorId: userId,
      };
      this.stmt(
        'UPDATE items SET version = ?, data = ?, modified = ?, editor_id = ? WHERE list_id = ? AND id = ?',
      ).run(row.version, JSON.stringify(values), row.modified, userId, listId, item.id);
      if (keepVersion) this.insertVersion(listId, row);
      const cols = this.keyColumns(listId);
      this.deleteKeys(listId, cols, item);
      this.insertKeys(listId, cols, row);
      items.set(item.id, row);
      this.reindex(listId, item, row);
      return row;
    });
  }

  deleteItem(listId: string, id: number): void {
    const items = this.items(listId);
    this.transaction(() => {
      this.stmt('DELETE FROM items WHERE list_id = ? AND id = ?').run(listId, id);
      this.stmt('DELETE FROM item_versions WHERE list_id = ? AND item_id = ?').run(listId, id);
      const item = items.get(id);
      if (item) this.deleteKeys(listId, this.keyColumns(listId), item);
    });
    this.reindex(listId, items.get(id), undefined);
    items.delete(id);
  }

  private insertVersion(listId: string, row: ItemRow): void {
    this.stmt(
      'INSERT OR REPLACE INTO item_versions (list_id, item_id, version, data, modified, editor_id) VALUES (?,?,?,?,?,?)',
    ).run(listId, row.id, row.version, JSON.stringify(row.values), row.modified, row.editorId);
  }

  /** Stored versions of an item, newest first (only kept while the list has versioning on). */
  itemVersions(listId: string, itemId: number): ItemVersionRow[] {
    const rows = this.stmt(
      'SELECT * FROM item_versions WHERE list_id = ? AND item_id = ? ORDER BY version DESC',
    ).all(listId, itemId) as VersionDbRow[];
    return rows.map(toVersion);
  }

  users(): SiteUser[] {
    return (this.stmt('SELECT * FROM users ORDER BY id').all() as UserDbRow[]).map(toUser);
  }

  userById(id: number): SiteUser | undefined {
    const r = this.stmt('SELECT * FROM users WHERE id = ?').get(id) as UserDbRow | undefined;
    return r ? toUser(r) : undefined;
  }

  userByLogin(login: string): SiteUser | undefined {
    const r = this.stmt('SELECT * FROM users WHERE login = ?').get(login) as UserDbRow | undefined;
    return r ? toUser(r) : undefined;
  }

  /** Inserts or refreshes a site user; a missing id takes the next free one. */
  upsertUser(u: Omit<SiteUser, 'id'> & { id?: number }): SiteUser {
    const existing = this.userByLogin(u.loginName);
    // A user already on the site keeps the id clients may have stored (as SharePoint does).
    // A requested id already held by someone else is not taken over: that would re-identify them.
    const requested = u.id !== undefined && !this.userById(u.id) ? u.id : undefined;
    const id =
      existing?.id ??
      requested ??
      ((this.stmt('SELECT MAX(id) AS m FROM users').get() as { m: number | null }).m ?? 6) + 1;
    this.stmt(
      `INSERT INTO users (id, login, title, email, is_site_admin, object_id) VALUES (?,?,?,?,?,?)
         ON CONFLICT(id) DO UPDATE SET login = excluded.login, title = excluded.title,
         email = excluded.email, is_site_admin = excluded.is_site_admin,
         object_id = COALESCE(excluded.object_id, object_id)`,
    ).run(id, u.loginName, u.title, u.email, u.isSiteAdmin ? 1 : 0, u.objectId ?? null);
    return this.userById(id) as SiteUser;
  }
}
