/**
 * The list service narrows a query through the first indexed clause (src/emulator/index-lookup.ts)
 * and must return exactly what a full scan returns. Differential property test through real PnPjs:
 * the same items in two lists, one with indexed columns and one without, and random filters, orders
 * and page sizes; every page of both must agree.
 */
import fc from 'fast-check';
import type { SPFI } from '@pnp/sp';
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { spFor } from './pnp-client';

jest.setTimeout(180_000);

const codes = ['R-1', 'r-1', 'R-2', 'R-10', 'x', ''];
const statuses = ['Open', 'Closed', 'open'];

async function makeList(sp: SPFI, title: string, indexed: boolean): Promise<void> {
  await sp.web.lists.add(title, '', 100, false);
  const list = sp.web.lists.getByTitle(title);
  await list.fields.addText('Code', { MaxLength: 20, Indexed: indexed });
  await list.fields.addChoice('Status', { Choices: ['Open', 'Closed'] });
  await list.fields.addNumber('Score');
  if (indexed) {
    await list.fields.getByInternalNameOrTitle('Status').update({ Indexed: true });
    await list.fields.getByInternalNameOrTitle('Score').update({ Indexed: true });
  }
  const [batched, execute] = sp.batched();
  const b = batched.web.lists.getByTitle(title);
  for (let n = 0; n < 60; n++) {
    void b.items.add({
      Title: `Risk ${n % 7}`,
      Code: codes[n % codes.length],
      Status: statuses[n % 2],
      ...(n % 5 === 0 ? {} : { Score: n % 4 }),
    });
  }
  await execute();
}

const clause = fc.oneof(
  fc.constantFrom(...codes).map((c) => `Code eq '${c}'`),
  fc.constantFrom(...statuses).map((s) => `Status eq '${s}'`),
  fc.integer({ min: 0, max: 4 }).map((n) => `Score eq ${n}`),
  fc.integer({ min: 0, max: 4 }).map((n) => `Score eq '${n}'`),
  fc.constantFrom("Title eq 'Risk 3'", "Title ne 'Risk 1'", 'Score gt 1', "startswith(Code,'R')"),
);
const filter = fc
  .tuple(
    fc.array(clause, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('and', 'or'),
    fc.boolean(),
    fc.constantFrom(...codes),
  )
  .map(([parts, join, orFirst, code]) => {
    const body = parts.join(` ${join} `);
    // An `or` of indexed eqs first, then the rest: the shape the register view sends.
    return orFirst ? `(Code eq '${code}' or Code eq 'R-2') and (${body})` : body;
  });

describe('indexed queries return what a scan returns', () => {
  let service: ListService;
  let sp: SPFI;
  beforeAll(async () => {
    service = await startListService();
    sp = spFor(service.siteUrl, demoManager.token);
    await makeList(sp, 'Indexed', true);
    await makeList(sp, 'Scanned', false);
  });
  afterAll(() => service.close());

  async function allPages(title: string, f: string, order: string, top: number): Promise<string[]> {
    const seen: string[] = [];
    let q = sp.web.lists.getByTitle(title).items.select('Id', 'Title', 'Code', 'Score').filter(f).top(top);
    if (order) q = q.orderBy(order.split(' ')[0] as string, !order.endsWith('desc'));
    for await (const page of q) for (const i of page as { Id: number }[]) seen.push(String(i.Id));
    return seen;
  }

  it('for random filters, orders and page sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        filter,
        fc.constantFrom('', 'Title desc', 'Score asc', 'Code asc'),
        fc.integer({ min: 1, max: 25 }),
        async (f, order, top) => {
          expect(await allPages('Indexed', f, order, top)).toEqual(await allPages('Scanned', f, order, top));
        },
      ),
      { numRuns: 60, seed: 20261202 },
    );
  });

  it('an indexed eq finds every case of the text and nothing else', async () => {
    const ids = await allPages('Indexed', "Code eq 'R-1'", '', 100);
    expect(ids).toEqual(await allPages('Scanned', "Code eq 'r-1'", '', 100));
    expect(ids).toHaveLength(20);
  });
});
