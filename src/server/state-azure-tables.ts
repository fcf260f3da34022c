/**
 * The state port (src/review/state-table.ts) on Azure Table Storage, for production: the state lives
 * in the Storage account infra/azure.bicep creates, so any number of review-service instances (a
 * restart, a slot swap, a scale-out) share it. Conditions are the service's own, as documented for
 * Table Storage (Learn, "Insert Entity", "Update Entity", "Delete Entity"): an insert of an existing
 * entity is refused 409 EntityAlreadyExists; an update or delete with `If-Match: <etag>` of a changed
 * entity is refused 412 UpdateConditionNotSatisfied; of a missing one 404 ResourceNotFound. So of two
 * instances claiming one outbox entry exactly one wins.
 *
 * Keys are percent-encoded: PartitionKey and RowKey may not hold `/ \ # ?` or control characters
 * (Learn, "Understanding the Table service data model"). A value is one JSON string property, which
 * Table Storage limits to 64 KiB (32K UTF-16 characters); larger values are refused, naming the row.
 */
import { odata, RestError, TableClient, type TableEntity } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { checkStateKey, type Conflict, type StateRow, type StateTable } from '../review/state-table';

export type AzureTableOptions =
  /** Azurite, or a Storage account with shared keys (connection string). */
  | { connectionString: string; table: string }
  /** Production: `https://<account>.table.core.windows.net` and the service's managed identity. */
  | { endpoint: string; table: string; credential: TokenCredential };

type ValueEntity = TableEntity<{ value: string }>;

const maxValueChars = 32 * 1024;
const encode = (k: string) => encodeURIComponent(k);
const decode = (k: string) => decodeURIComponent(k);

function status(err: unknown): number | undefined {
  return err instanceof RestError ? err.statusCode : undefined;
}

export async function openAzureStateTable(options: AzureTableOptions): Promise<StateTable> {
  const local = 'connectionString' in options && /127\.0\.0\.1|localhost/.test(options.connectionString);
  const client =
    'connectionString' in options
      ? TableClient.fromConnectionString(options.connectionString, options.table, {
          allowInsecureConnection: local,
        })
      : new TableClient(options.endpoint, options.table, options.credential);
  // No-op when the table exists (the SDK treats 409 TableAlreadyExists as success).
  await client.createTable();

  const serialise = (partition: string, key: string, value: unknown): ValueEntity => {
    checkStateKey('partition', partition);
    checkStateKey('key', key);
    const text = JSON.stringify(value);
    if (text.length > maxValueChars) {
      throw new Error(
        `State row ${partition}/${key} is ${text.length} characters; Azure Table Storage keeps at most ${maxValueChars} in one property.`,
      );
    }
    return { partitionKey: encode(partition), rowKey: encode(key), value: text };
  };
  const toRow = <T>(e: {
    partitionKey?: string;
    rowKey?: string;
    value?: unknown;
    etag: string;
  }): StateRow<T> => ({
    partition: decode(e.partitionKey ?? ''),
    key: decode(e.rowKey ?? ''),
    value: JSON.parse(String(e.value)) as T,
    etag: e.etag,
  });
  const get = async <T>(partition: string, key: string): Promise<StateRow<T> | undefined> => {
    try {
      return toRow<T>(await client.getEntity<{ value: string }>(encode(partition), encode(key)));
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw err;
    }
  };
  const lost = async (partition: string, key: string, err: unknown): Promise<Conflict> => {
    const code = status(err);
    if (code === 404) return { conflict: 'absent' };
    if (code === 412) return { conflict: (await get(partition, key)) ? 'changed' : 'absent' };
    throw err;
  };

  return {
    get,
    insert: async <T>(partition: string, key: string, value: T) => {
      const entity = serialise(partition, key, value);
      try {
        const r = await client.createEntity(entity);
        return { partition, key, value, etag: r.etag ?? '' };
      } catch (err) {
        if (status(err) === 409) return { conflict: 'exists' } satisfies Conflict;
        throw err;
      }
    },
    replace: async <T>(partition: string, key: string, value: T, etag: string) => {
      const entity = serialise(partition, key, value);
      try {
        const r = await client.updateEntity(entity, 'Replace', { etag });
        return { partition, key, value, etag: r.etag ?? '' };
      } catch (err) {
        return lost(partition, key, err);
      }
    },
    upsert: async <T>(partition: string, key: string, value: T) => {
      const r = await client.upsertEntity(serialise(partition, key, value), 'Replace');
      return { partition, key, value, etag: r.etag ?? '' };
    },
    remove: async (partition, key, etag) => {
      try {
        await client.deleteEntity(encode(partition), encode(key), etag ? { etag } : {});
        return true;
      } catch (err) {
        if (status(err) === 404 && etag === undefined) return true;
        return lost(partition, key, err);
      }
    },
    list: async <T>(partition: string) => {
      const rows: StateRow<T>[] = [];
      const pages = client.listEntities<{ value: string }>({
        queryOptions: { filter: odata`PartitionKey eq ${encode(partition)}` },
      });
      for await (const e of pages) rows.push(toRow<T>(e));
      return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    close: async () => undefined,
  };
}
