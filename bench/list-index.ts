/**
 * The list service's query cost against raw SQLite (issue: "a list service whose indexes work"). One
 * list of N items spread over ten registers, with `Register` indexed and a twin column `Area` holding
 * the same values unindexed; the first page (100 items) of `Register eq 'R3'` is timed through the
 * service over HTTP (seeded with the app's PnPjs client, read with plain fetch so the client's own cost
 * is not in the figure), the same filter on `Area` (a scan), and the same
 * query in raw node:sqlite with an expression index. Figures are medians and p95 of repeated runs.
 */
import { DatabaseSync } from 'node:sqlite';
import '@pnp/sp/batching';
import '@pnp/sp/fields';
import { demoManager, startListService } from '../src/emulator';
import { createSpClient } from '../src/sharepoint/sp-client';
import { percentile } from './lib/stats';

export type ListIndexFigures = {
  items: number;
  /** Items matching the filter (one register). */
  matching: number;
  runs: number;
  indexed: { p50: number; p95: number };
  scan: { p50: number; p95: number };
  sqlite: { p50: number; p95: number };
};

const REGISTERS = 10;
const register = (n: number) => `R${n % REGISTERS}`;

/** Times the queries interleaved, one of each per round, so load and GC fall on all alike. */
async function timedRounds(
  runs: number,
  fs: (() => Promise<unknown> | unknown)[],
): Promise<{ p50: number; p95: number }[]> {
  const ms: number[][] = fs.map(() => []);
  for (const f of fs) await f(); // warm-up (builds the value index on first use)
  for (let i = 0; i < runs; i++) {
    for (const [k, f] of fs.entries()) {
      const t = performance.now();
      await f();
      ms[k]!.push(performance.now() - t);
    }
  }
  const round = (v: number) => Math.round(v * 100) / 100;
  return ms.map((m) => ({ p50: round(percentile(m, 50)), p95: round(percentile(m, 95)) }));
}

/** One size: seeds the list through `$batch` and times the three queries. */
export async function benchListIndex(items: number, runs = 50): Promise<ListIndexFigures> {
  // A threshold above the list size lets the unindexed twin run at all (SharePoint would refuse it).
  const service = await startListService({ listViewThreshold: items + 1 });
  try {
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    await sp.web.lists.add('Bench', '', 100, false);
    const list = sp.web.lists.getByTitle('Bench');
    await list.fields.addText('Register', { MaxLength: 60, Indexed: true });
    await list.fields.addText('Area', { MaxLength: 60 });
    const raw = new DatabaseSync(':memory:');
    raw.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, data TEXT NOT NULL)');
    raw.exec("CREATE INDEX items_register ON items (json_extract(data, '$.Register'))");
    const insert = raw.prepare('INSERT INTO items (id, data) VALUES (?, ?)');
    for (let start = 0; start < items; start += 100) {
      const [batched, execute] = sp.batched();
      const b = batched.web.lists.getByTitle('Bench');
      for (let n = start; n < Math.min(items, start + 100); n++) {
        const row = { Title: `Risk ${n}`, Register: register(n), Area: register(n) };
        void b.items.add(row);
        insert.run(n + 1, JSON.stringify(row));
      }
      await execute();
    }
    // Plain fetch for the timed reads, so the figure is the service's cost and not the client's.
    const page = (column: string) => {
      const url =
        `${service.siteUrl}/_api/web/lists/getbytitle('Bench')/items` +
        `?$select=Id,Title,Register&$filter=${encodeURIComponent(`${column} eq 'R3'`)}&$top=100`;
      const headers = {
        Authorization: `Bearer ${demoManager.token}`,
        Accept: 'application/json;odata=nometadata',
      };
      return async () => {
        const res = await fetch(url, { headers });
        if (!res.ok) throw new Error(`${column}: HTTP ${res.status} ${await res.text()}`);
        return res.json();
      };
    };
    const select = raw.prepare(
      "SELECT id, data FROM items WHERE json_extract(data, '$.Register') = ? ORDER BY id LIMIT 100",
    );
    const [indexed, scan, sqlite] = await timedRounds(runs, [
      page('Register'),
      page('Area'),
      () => select.all('R3').map((r) => JSON.parse(String(r.data)) as unknown),
    ]);
    const figures: ListIndexFigures = {
      items,
      matching: Math.ceil(items / REGISTERS),
      runs,
      indexed: indexed!,
      scan: scan!,
      sqlite: sqlite!,
    };
    raw.close();
    return figures;
  } finally {
    await service.close();
  }
}

/** The printed rows. */
export function listIndexRows(f: ListIndexFigures[]): [string, string][] {
  return f.map((x) => [
    `List service query, first 100 of ${x.matching} in ${x.items} items`,
    `indexed p50 ${x.indexed.p50} ms (p95 ${x.indexed.p95}), scan p50 ${x.scan.p50} ms (p95 ${x.scan.p95}), ` +
      `raw SQLite p50 ${x.sqlite.p50} ms; indexed / raw ${(x.indexed.p50 / Math.max(0.01, x.sqlite.p50)).toFixed(0)}x, ` +
      `scan / indexed ${(x.scan.p50 / Math.max(0.01, x.indexed.p50)).toFixed(1)}x (${x.runs} runs)`,
  ]);
}

if (require.main === module) {
  (async () => {
    const sizes = (process.env.BENCH_LIST_SIZES ?? '5001,20000').split(',').map(Number);
    const out: ListIndexFigures[] = [];
    for (const n of sizes) out.push(await benchListIndex(n));
    for (const [k, v] of listIndexRows(out)) console.log(`${k}: ${v}`);
  })().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
