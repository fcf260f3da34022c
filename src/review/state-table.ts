/**
 * The review service's own state (outbox, conversations, channels) as rows with ETags, behind one
 * port with two adapters: SQLite for a single local instance (src/server/state-sqlite.ts) and Azure
 * Table Storage for production, where two instances can run at once during a restart or slot swap
 * (src/server/state-azure-tables.ts). Every write that could race is conditional: `insert` only
 * when the row is absent, `replace` and `remove` only at the ETag the caller read, so of two instances
 * claiming one entry exactly one wins and the other is told, instead of both writing.
 */

export type StateRow<T> = {
  partition: string;
  key: string;
  value: T;
  /** Opaque version; changes on every write. */
  etag: string;
};

/** The outcome of a conditional write that lost: someone else wrote or removed the row first. */
export type Conflict = { conflict: 'exists' | 'changed' | 'absent' };

export const isConflict = (r: unknown): r is Conflict =>
  typeof r === 'object' && r !== null && 'conflict' in r;

export type StateTable = {
  get<T>(partition: string, key: string): Promise<StateRow<T> | undefined>;
  /** Writes the row only if it does not exist yet. */
  insert<T>(partition: string, key: string, value: T): Promise<StateRow<T> | Conflict>;
  /** Replaces the row only if its ETag is still `etag`. */
  replace<T>(partition: string, key: string, value: T, etag: string): Promise<StateRow<T> | Conflict>;
  /** Writes the row whatever is there (for records only one writer ever owns). */
  upsert<T>(partition: string, key: string, value: T): Promise<StateRow<T>>;
  /** Removes the row; with `etag`, only if it is still that version. Removing an absent row is fine. */
  remove(partition: string, key: string, etag?: string): Promise<true | Conflict>;
  /** Every row of a partition, by key. */
  list<T>(partition: string): Promise<StateRow<T>[]>;
  close(): Promise<void>;
};

/**
 * Keys are kept as given; adapters encode them where their store limits characters (Azure Table
 * Storage refuses `/ \ # ?` and control characters in PartitionKey and RowKey).
 */
export const stateKeyLimit = 256;

/** Refuses a key no adapter can store, naming it. */
export function checkStateKey(what: 'partition' | 'key', value: string): void {
  if (value.length === 0 || value.length > stateKeyLimit) {
    throw new Error(
      `State ${what} must be 1-${stateKeyLimit} characters, got ${value.length}: '${value.slice(0, 40)}'.`,
    );
  }
}

/**
 * The port in memory, with the same conditions as the adapters (a fresh ETag per write, refusals
 * instead of overwrites): tests, and the in-memory stores of a service run without a state file.
 * Values are stored as JSON, as both adapters store them, so what comes back is a copy.
 */
export function createMemoryStateTable(): StateTable {
  const rows = new Map<string, Map<string, { text: string; etag: string }>>();
  let version = 0;
  const part = (p: string) => rows.get(p) ?? rows.set(p, new Map()).get(p)!;
  const write = <T>(partition: string, key: string, value: T): StateRow<T> => {
    checkStateKey('partition', partition);
    checkStateKey('key', key);
    const etag = `W/"${++version}"`;
    part(partition).set(key, { text: JSON.stringify(value), etag });
    return { partition, key, value: JSON.parse(JSON.stringify(value)) as T, etag };
  };
  const read = <T>(partition: string, key: string): StateRow<T> | undefined => {
    const r = rows.get(partition)?.get(key);
    return r ? { partition, key, value: JSON.parse(r.text) as T, etag: r.etag } : undefined;
  };
  return {
    get: async (partition, key) => read(partition, key),
    insert: async (partition, key, value) =>
      read(partition, key) ? { conflict: 'exists' } : write(partition, key, value),
    replace: async (partition, key, value, etag) => {
      const now = read(partition, key);
      if (!now) return { conflict: 'absent' };
      return now.etag === etag ? write(partition, key, value) : { conflict: 'changed' };
    },
    upsert: async (partition, key, value) => write(partition, key, value),
    remove: async (partition, key, etag) => {
      const now = read(partition, key);
      if (etag !== undefined && !now) return { conflict: 'absent' };
      if (etag !== undefined && now?.etag !== etag) return { conflict: 'changed' };
      rows.get(partition)?.delete(key);
      return true;
    },
    list: async <T>(partition: string) =>
      [...(rows.get(partition)?.keys() ?? [])]
        .sort()
        .map((k) => read<T>(partition, k))
        .filter((r): r is StateRow<T> => r !== undefined),
    close: async () => undefined,
  };
}
