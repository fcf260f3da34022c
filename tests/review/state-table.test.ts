/**
 * One contract, two adapters: SQLite (local, single instance) and Azure Table Storage, the latter
 * against Azurite (the npm package, started here). "Two instances" are two independent clients of
 * one store: two SQLite connections on one file, two TableClients on one Azurite table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAzurite, type Azurite } from '../../src/server/azurite';
import { openAzureStateTable } from '../../src/server/state-azure-tables';
import { openSqliteStateTable } from '../../src/server/state-sqlite';
import { isConflict, type StateRow, type StateTable } from '../../src/review/state-table';

jest.setTimeout(120_000);

type Entry = { attempts: number; owner?: string; note?: string };

type Backend = {
  name: string;
  /** A fresh client of the one store (a second service instance, or the same one after a restart). */
  open(): Promise<StateTable>;
  setup(): Promise<void>;
  teardown(): Promise<void>;
};

let dir = '';
let azurite: Azurite | undefined;
let tableName = '';
let tables = 0;

const backends: Backend[] = [
  {
    name: 'SQLite',
    setup: async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'state-'));
    },
    open: async () => openSqliteStateTable(path.join(dir, 'state.db')),
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
  },
  {
    name: 'Azure Table Storage (Azurite)',
    setup: async () => {
      azurite ??= await startAzurite();
      tableName = `reviewstate${++tables}`;
    },
    open: async () =>
      openAzureStateTable({ connectionString: (azurite as Azurite).connectionString, table: tableName }),
    teardown: async () => undefined,
  },
];

afterAll(async () => {
  await azurite?.stop();
});

describe.each(backends)('state table on $name', (backend) => {
  let a: StateTable;
  let b: StateTable;
  beforeEach(async () => {
    await backend.setup();
    a = await backend.open();
    b = await backend.open();
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await backend.teardown();
  });

  it('inserts once: a second insert of the key is a conflict and the first value stays', async () => {
    const first = await a.insert<Entry>('outbox', '12|2025/26-Q1', { attempts: 0, owner: 'a' });
    expect(isConflict(first)).toBe(false);
    expect(await b.insert<Entry>('outbox', '12|2025/26-Q1', { attempts: 0, owner: 'b' })).toEqual({
      conflict: 'exists',
    });
    expect((await b.get<Entry>('outbox', '12|2025/26-Q1'))?.value).toEqual({ attempts: 0, owner: 'a' });
  });

  it('of two instances claiming one entry at one ETag, exactly one wins; the other is told', async () => {
    const row = (await a.insert<Entry>('outbox', 'sent|r1', { attempts: 0 })) as StateRow<Entry>;
    const [x, y] = await Promise.all([
      a.replace<Entry>('outbox', 'sent|r1', { attempts: 1, owner: 'a' }, row.etag),
      b.replace<Entry>('outbox', 'sent|r1', { attempts: 1, owner: 'b' }, row.etag),
    ]);
    const wins = [x, y].filter((r) => !isConflict(r));
    expect(wins).toHaveLength(1);
    expect([x, y].filter(isConflict)).toEqual([{ conflict: 'changed' }]);
    const stored = await a.get<Entry>('outbox', 'sent|r1');
    expect(stored?.value.owner).toBe((wins[0] as StateRow<Entry>).value.owner);
    expect(stored?.etag).toBe((wins[0] as StateRow<Entry>).etag);
  });

  it('many racing inserts of one key store one entry, never two and never none', async () => {
    const clients = [a, b];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        (clients[n % 2] as StateTable).insert<Entry>('intro', 'owner-oid-1', { attempts: 0, owner: `i${n}` }),
      ),
    );
    expect(results.filter((r) => !isConflict(r))).toHaveLength(1);
    expect(await a.list('intro')).toHaveLength(1);
  });

  it('removes only at the ETag read; an absent row is reported, an unconditional remove is fine', async () => {
    const row = (await a.insert<Entry>('outbox', 'k', { attempts: 0 })) as StateRow<Entry>;
    const moved = (await b.replace<Entry>('outbox', 'k', { attempts: 1 }, row.etag)) as StateRow<Entry>;
    expect(await a.remove('outbox', 'k', row.etag)).toEqual({ conflict: 'changed' });
    expect(await a.remove('outbox', 'k', moved.etag)).toBe(true);
    expect(await a.replace<Entry>('outbox', 'k', { attempts: 2 }, moved.etag)).toEqual({
      conflict: 'absent',
    });
    expect(await b.remove('outbox', 'k')).toBe(true);
  });

  it('keeps keys with the characters Table Storage refuses, lists a partition only, and survives a restart', async () => {
    await a.upsert<Entry>('conversations', 'user/29:1a#b?c\\d', { attempts: 0, note: 'Ravi' });
    await a.upsert<Entry>('conversations', 'aad|0f3c', { attempts: 0 });
    await a.upsert<Entry>('channels', 'team-1', { attempts: 0 });
    await a.close();
    a = await backend.open();
    const rows = await a.list<Entry>('conversations');
    expect(rows.map((r) => r.key)).toEqual(['aad|0f3c', 'user/29:1a#b?c\\d']);
    expect(rows[1]?.value.note).toBe('Ravi');
  });

  it('refuses an empty key, naming it', async () => {
    await expect(a.insert('outbox', '', { attempts: 0 })).rejects.toThrow(
      /State key must be 1-256 characters/,
    );
  });
});
