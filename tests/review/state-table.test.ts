/**
 * One contract, two adapters: SQLite (local, single instance) and Azure Table Storage, the latter
 * against Azurite (the npm package, started here); and the in-memory table the in-process stores use.
 * The outbox's claim and lease and the conversations' index row run on each. "Two instances" are two
 * independent clients of one store: two SQLite connections on one file, two TableClients on one
 * Azurite table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAzurite, type Azurite } from '../../src/server/azurite';
import { openAzureStateTable } from '../../src/server/state-azure-tables';
import { openSqliteStateTable } from '../../src/server/state-sqlite';
import {
  isConflict,
  createMemoryStateTable,
  type StateRow,
  type StateTable,
} from '../../src/review/state-table';
import { NEVER, outboxOn, type OutboxEntry } from '../../src/review/outbox';
import { conversationsOn } from '../../src/review/state-stores';

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
let shared = createMemoryStateTable();

const backends: Backend[] = [
  {
    name: 'memory (the in-process stores)',
    setup: async () => undefined,
    open: async () => shared,
    teardown: async () => {
      shared = createMemoryStateTable();
    },
  },
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

  const answerEntry = (key: string, nextAttemptAt: string): OutboxEntry =>
    ({
      kind: 'intro',
      key,
      conversationId: 'a:1',
      periodId: 'p',
      attempts: 0,
      createdAt: '2026-10-05T09:00:00.000Z',
      nextAttemptAt,
    }) as OutboxEntry;

  it('outbox: a claim is written once; of two instances taking a due entry one holds it, for its lease', async () => {
    const [x, y] = [outboxOn(a), outboxOn(b)];
    const claims = await Promise.all([
      x.claim(answerEntry('intro|p|a:1', NEVER)),
      y.claim(answerEntry('intro|p|a:1', NEVER)),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await x.put(answerEntry('7|p', '2026-10-05T09:00:00.000Z'));
    const now = '2026-10-05T09:01:00.000Z';
    const takes = await Promise.all([x.take('7|p', now, 60_000), y.take('7|p', now, 60_000)]);
    const held = takes.filter((t) => t !== undefined);
    expect(held).toHaveLength(1);
    expect(held[0]!.entry.nextAttemptAt).toBe('2026-10-05T09:00:00.000Z');
    // Leased: not due to anyone until the lease ends, then due again (its holder died).
    expect(await y.due(now)).toEqual([]);
    expect(await y.take('7|p', '2026-10-05T09:01:59.000Z', 60_000)).toBeUndefined();
    const taken = await y.take('7|p', '2026-10-05T09:02:00.000Z', 60_000);
    expect(taken).toBeDefined();
    // The first holder lost it: its writes are refused and the new holder's entry stays.
    expect(await held[0]!.replace(answerEntry('7|p', NEVER))).toBe(false);
    expect(await held[0]!.remove()).toBe(false);
    expect(await taken!.replace(answerEntry('7|p', '2026-10-05T09:30:00.000Z'))).toBe(true);
    expect(await taken!.remove()).toBe(true);
    expect(await x.get('7|p')).toBeUndefined();
  });

  it('conversations: found by Teams user id through the index row, which follows a changed id', async () => {
    const [x, y] = [conversationsOn(a), conversationsOn(b)];
    await x.upsert({ aadObjectId: 'AAA-1', conversationId: 'a:1', userId: '29:old', updatedAt: 't1' });
    await y.upsert({ aadObjectId: 'aaa-1', conversationId: 'a:2', userId: '29:new', updatedAt: 't2' });
    expect(await x.byUserId('29:old')).toBeUndefined();
    expect(await x.byUserId('29:new')).toMatchObject({ aadObjectId: 'aaa-1', conversationId: 'a:2' });
    expect(await y.removeUser({ userId: '29:new' })).toBe(1);
    expect(await x.byAadObjectId('aaa-1')).toBeUndefined();
  });

  it('refuses an empty key, naming it', async () => {
    await expect(a.insert('outbox', '', { attempts: 0 })).rejects.toThrow(
      /State key must be 1-256 characters/,
    );
  });
});
