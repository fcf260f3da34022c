/**
 * The list service's query cost against raw SQLite (issue 20: "a list service whose indexes work").
 * One list of N items spread over ten registers, with `Register` indexed (served by the store's
 * SQLite index, src/emulator/index-lookup.ts) and a twin column `Area` holding the same values
 * unindexed. Timed over HTTP with plain fetch (so the client's own cost is not in the figure): the
 * first page (100 items) of `Register eq 'R3'`; a page of the same query deep in the list (its
 * `$skiptoken` after the middle item: paging must not re-read what came before); the same filter on
 * `Area` (a scan); and the same query in raw node:sqlite with an expression index. The list is seeded
 * straight into the service's SQLite store (ListService.seedItems) so 50,000 items take seconds.
 * Each query is repeated `runs` times, interleaved, and reported as the median and spread.
 */
import { DatabaseSync } from 'node:sqlite';
import '@pnp/sp/fields';
import { demoManager, startListService } from '../src/emulator';
import { createSpClient } from '../src/sharepoint/sp-client';
import { formatSpread, spreadOf, type Spread } from './lib/stats';

export type ListIndexFigures = {
  items: number;
  /** Items matching the filter (one register). */
  matching: number;
  indexed: Spread;
  /** The same indexed query, the page after the list's middle item. */
  deepPage: Spread;
  scan: Spread;
  sqlite: Spread;
};

const REGISTERS = 10;
const register = (n: number) => `R${n % REGISTERS}`;

/** Times the queries interleaved, one of each per round, so load and GC fall on all alike. */
async function timedRounds(runs: number, fs: (() => Promise<unknown> | unknown)[]): Promise<Spread[]> {
  const ms: number[][] = fs.map(() => []);
  for (const f of fs) await f(); // warm-up (builds the SQLite index on first use)
  for (let i = 0; i < runs; i++) {
    for (const [k, f] of fs.entries()) {
      const t = performance.now();
      await f();
      ms[k]!.push(performance.now() - t);
    }
  }
  return ms.map(spreadOf);
}

/** One size: seeds the list and times the four queries. */
export async function benchListIndex(items: number, runs = 15): Promise<ListIndexFigures> {
  // A threshold above the list size lets the unindexed twin run at all (SharePoint would refuse it).
  const service = await startListService({ listViewThreshold: items + 1 });
  const raw = new DatabaseSync(':memory:');
  try {
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    await sp.web.lists.add('Bench', '', 100, false);
    const list = sp.web.lists.getByTitle('Bench');
    await list.fields.addText('Register', { MaxLength: 60, Indexed: true });
    await list.fields.addText('Area', { MaxLength: 60 });
    raw.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, data TEXT NOT NULL)');
    raw.exec("CREATE INDEX items_register ON items (json_extract(data, '$.Register'), id)");
    const rows = Array.from({ length: items }, (_, n) => ({
      Title: `Risk ${n}`,
      Register: register(n),
      Area: register(n),
    }));
    service.seedItems('Bench', rows);
    const insert = raw.prepare('INSERT INTO items (id, data) VALUES (?, ?)');
    raw.exec('BEGIN');
    rows.forEach((row, n) => insert.run(n + 1, JSON.stringify(row)));
    raw.exec('COMMIT');
    const headers = {
      Authorization: `Bearer ${demoManager.token}`,
      Accept: 'application/json;odata=nometadata',
    };
    const page = (column: string, afterId = 0) => {
      const url =
        `${service.siteUrl}/_api/web/lists/getbytitle('Bench')/items` +
        `?$select=Id,Title,Register&$filter=${encodeURIComponent(`${column} eq 'R3'`)}&$top=100` +
        (afterId ? `&$skiptoken=${encodeURIComponent(`Paged=TRUE&p_ID=${afterId}`)}` : '');
      return async () => {
        const res = await fetch(url, { headers });
        if (!res.ok) throw new Error(`${column}: HTTP ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { value: unknown[] };
        if (body.value.length === 0) throw new Error(`${column}: the page after ${afterId} is empty`);
        return body;
      };
    };
    const select = raw.prepare(
      "SELECT id, data FROM items WHERE json_extract(data, '$.Register') = ? ORDER BY id LIMIT 100",
    );
    const [indexed, deepPage, scan, sqlite] = await timedRounds(runs, [
      page('Register'),
      page('Register', Math.floor(items / 2)),
      page('Area'),
      () => select.all('R3').map((r) => JSON.parse(String(r.data)) as unknown),
    ]);
    return {
      items,
      matching: Math.ceil(items / REGISTERS),
      indexed: indexed!,
      deepPage: deepPage!,
      scan: scan!,
      sqlite: sqlite!,
    };
  } finally {
    raw.close();
    await service.close();
  }
}

/** The printed rows. */
export function listIndexRows(f: ListIndexFigures[]): [string, string][] {
  const rows: [string, string][] = [];
  for (const x of f) {
    rows.push([
      `List service indexed query, first 100 of ${x.matching} in ${x.items} items`,
      `${formatSpread(x.indexed)}; raw SQLite ${formatSpread(x.sqlite)}; ` +
        `list service / raw SQLite ${(x.indexed.median / Math.max(0.01, x.sqlite.median)).toFixed(0)}x`,
    ]);
    rows.push([
      `  same query, the page after item ${Math.floor(x.items / 2)}`,
      `${formatSpread(x.deepPage)} (deep page / first page ${(x.deepPage.median / Math.max(0.01, x.indexed.median)).toFixed(2)}x)`,
    ]);
    rows.push([
      `  same filter on an unindexed column (a scan)`,
      `${formatSpread(x.scan)} (scan / indexed ${(x.scan.median / Math.max(0.01, x.indexed.median)).toFixed(1)}x)`,
    ]);
  }
  return rows;
}

if (require.main === module) {
  (async () => {
    const sizes = (process.env.BENCH_LIST_SIZES ?? '1000,5001,20000,50000').split(',').map(Number);
    const out: ListIndexFigures[] = [];
    for (const n of sizes) out.push(await benchListIndex(n));
    for (const [k, v] of listIndexRows(out)) console.log(`${k}: ${v}`);
  })().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
