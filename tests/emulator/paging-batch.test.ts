/**
 * Paging through odata.nextLink and $skiptoken, and $batch with changesets, through real PnPjs.
 */
import type { SPFI } from '@pnp/sp';
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { addRisks, ensureSimpleRisks, failureOf, statusOf } from './fixtures';
import { spFor } from './pnp-client';

// The machine is shared: allow slow runs; no test asserts on elapsed time.
jest.setTimeout(60_000);

let service: ListService;
let sp: SPFI;

beforeAll(async () => {
  service = await startListService();
  sp = spFor(service.siteUrl, demoManager.token);
  await ensureSimpleRisks(sp);
  await addRisks(sp, 250);
});

afterAll(async () => {
  await service.close();
});

const risks = () => sp.web.lists.getByTitle('Risks');

describe('paging', () => {
  it('returns 100 items without $top, with an absolute next link', async () => {
    const res = (await fetch(`${service.siteUrl}/_api/web/lists/getByTitle('Risks')/items?$select=Id`, {
      headers: { Authorization: `Bearer ${demoManager.token}`, Accept: 'application/json' },
    }).then((r) => r.json())) as { value: unknown[]; 'odata.nextLink': string };
    expect(res.value).toHaveLength(100);
    expect(res['odata.nextLink']).toMatch(
      new RegExp(`^${service.siteUrl}/_api/.*skiptoken=Paged%3DTRUE%26p_ID%3D100`),
    );
  });

  it('async-iterates every page of a filtered, ordered query exactly once', async () => {
    const seen: number[] = [];
    let pages = 0;
    for await (const page of risks()
      .items.select('Id', 'Status')
      .filter("Status eq 'Open'")
      .orderBy('Id')
      .top(40)) {
      pages++;
      seen.push(...page.map((r: { Id: number }) => r.Id));
    }
    const expected = Array.from({ length: 250 }, (_, i) => i + 1).filter((n) => n % 3 !== 0);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 40));
  });

  it('pages by a non-ID order (Score desc) without repeating or skipping items', async () => {
    const seen: { Id: number; Score: number }[] = [];
    for await (const page of risks().items.select('Id', 'Score').orderBy('Score', false).top(33)) {
      seen.push(...page);
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen.map((r) => r.Id)).size).toBe(250);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1] as { Id: number; Score: number }, seen[i] as { Id: number; Score: number }];
      expect(a.Score > b.Score || (a.Score === b.Score && a.Id < b.Id)).toBe(true);
    }
  });

  it('honours items.skip(id) as $skiptoken=Paged=TRUE&p_ID=id', async () => {
    const rows = await risks().items.select('Id').skip(247).top(10)();
    expect(rows.map((r: { Id: number }) => r.Id)).toEqual([248, 249, 250]);
  });

  it('pages backwards with items.skip(id, true) (PagedPrev=TRUE)', async () => {
    const rows = await risks().items.select('Id').skip(11, true).top(3)();
    expect(rows.map((r: { Id: number }) => r.Id)).toEqual([8, 9, 10]);
  });

  it('caps $top at 5000', async () => {
    const rows = await risks().items.select('Id').top(6000)();
    expect(rows).toHaveLength(250);
  });
});

describe('$batch', () => {
  it('runs a changeset of writes and top-level reads, answering each in order', async () => {
    const [batched, execute] = sp.batched();
    const list = batched.web.lists.getByTitle('Risks');
    const a = list.items.add({ Title: 'batch add A', RiskCode: 'B-A' });
    const b = list.items.add({ Title: 'batch add B', RiskCode: 'B-B' });
    const u = list.items.getById(2).update({ Title: 'batch update 2' }, '"1"');
    const d = list.items.getById(3).delete('*');
    const g = list.items.getById(1)();
    const q = list.items.select('Id').filter("RiskCode eq 'B-A'").top(10)();
    await execute();
    const [addedA, addedB, updated, , one, found] = await Promise.all([a, b, u, d, g, q]);
    expect(addedA).toMatchObject({ Title: 'batch add A', 'odata.etag': '"1"' });
    expect(addedB.Id).toBe(addedA.Id + 1);
    expect(updated.etag).toBe('"2"');
    expect(one.Id).toBe(1);
    expect(found.map((r: { Id: number }) => r.Id)).toEqual([addedA.Id]);
    expect(await statusOf(risks().items.getById(3)())).toBe(404);
    expect((await risks().items.getById(2)()).Title).toBe('batch update 2');
  });

  it('is not transactional: a failing part fails alone and the others are kept', async () => {
    const [batched, execute] = sp.batched();
    const list = batched.web.lists.getByTitle('Risks');
    const ok = list.items.add({ Title: 'kept', RiskCode: 'B-KEPT' });
    const stale = list.items.getById(4).update({ Title: 'stale' }, '"9"');
    const dup = list.items.add({ Title: 'duplicate', RiskCode: 'b-kept' });
    await execute();
    expect((await ok).Title).toBe('kept');
    expect((await failureOf(stale)).status).toBe(412);
    const duplicate = await failureOf(dup);
    expect(duplicate.status).toBe(500);
    expect(duplicate.message).toContain('duplicate values');
  });

  it('splits into several HTTP batches when maxRequests is small', async () => {
    service.resetRequestCount();
    const [batched, execute] = sp.batched({ maxRequests: 2 });
    const list = batched.web.lists.getByTitle('Risks');
    const reads = [1, 2, 4].map((id) => list.items.getById(id).select('Id')());
    await execute();
    expect((await Promise.all(reads)).map((r) => r.Id)).toEqual([1, 2, 4]);
    expect(service.requestCount()).toBe(2);
  });
});
