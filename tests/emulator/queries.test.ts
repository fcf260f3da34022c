/**
 * $filter, $select and $expand semantics through PnPjs: operators, functions, null, datetime,
 * person and lookup columns (single and multi), and the errors for malformed or unknown columns.
 */
import type { SPFI } from '@pnp/sp';
import { demoManager, demoRiskOwners, startListService, type ListService } from '../../src/emulator';
import { failureOf } from './fixtures';
import { spFor } from './pnp-client';

// The machine is shared: allow slow runs; no test asserts on elapsed time.
jest.setTimeout(60_000);

let service: ListService;
let sp: SPFI;
const [priya, tom, helen] = demoRiskOwners as [
  (typeof demoRiskOwners)[0],
  (typeof demoRiskOwners)[0],
  (typeof demoRiskOwners)[0],
];

type Row = { Id: number };
const ids = (rows: Row[]): number[] => rows.map((r) => r.Id);

beforeAll(async () => {
  service = await startListService();
  sp = spFor(service.siteUrl, demoManager.token);
  const cats = (await sp.web.lists.ensure('Categories')).list;
  await cats.items.add({ Title: 'Finance' });
  await cats.items.add({ Title: 'People' });
  const catsId = (await cats.select('Id')()).Id as string;
  const { list } = await sp.web.lists.ensure('Risks');
  await list.fields.addText('Code');
  await list.fields.addNumber('Score');
  await list.fields.addDateTime('ReviewDate');
  await list.fields.addUser('Owner');
  await list.fields.createFieldAsXml({
    SchemaXml: '<Field Type="UserMulti" Name="Deputies" DisplayName="Deputies" Mult="TRUE" />',
    Options: 8,
  });
  await list.fields.addLookup('Category', { LookupListId: catsId, LookupFieldName: 'Title' });
  await list.fields.createFieldAsXml(
    `<Field Type="Boolean" DisplayName="Escalated" Name="Escalated"><Default>0</Default></Field>`,
  );
  const add = (v: Record<string, unknown>) => list.items.add(v);
  await add({
    Title: "Owner's budget",
    Code: 'A-1',
    Score: 20,
    ReviewDate: '2026-03-31T00:00:00Z',
    OwnerId: priya.id,
    DeputiesId: [tom.id, helen.id],
    CategoryId: 1,
    Escalated: true,
  });
  await add({
    Title: 'Staff turnover',
    Code: 'A-2',
    Score: 8,
    ReviewDate: '2026-06-30T00:00:00Z',
    OwnerId: tom.id,
    DeputiesId: [],
    CategoryId: 2,
  });
  await add({ Title: 'Flooding', Code: 'B-1', Score: 15, OwnerId: priya.id, DeputiesId: [helen.id] });
  await add({
    Title: 'Cyber attack',
    Code: null,
    Score: 25,
    ReviewDate: '2026-09-30T00:00:00Z',
    OwnerId: helen.id,
    CategoryId: 1,
  });
});

afterAll(async () => {
  await service.close();
});

const items = () => sp.web.lists.getByTitle('Risks').items.select('Id');

describe('$filter', () => {
  it.each([
    ["Code eq 'a-1'", [1]],
    // As in list views, "is not equal to" also returns items where the column is empty.
    ["Code ne 'A-1'", [2, 3, 4]],
    ['Score lt 15', [2]],
    ['Score le 15', [2, 3]],
    ['Score gt 15', [1, 4]],
    ['Score ge 20 and Score lt 25', [1]],
    ["Score eq 8 or Code eq 'B-1'", [2, 3]],
    ["not (Score gt 10) or startswith(Code,'B')", [2, 3]],
    ["(Score gt 10 and OwnerId eq 8) or Title eq 'Cyber attack'", [1, 3, 4]],
    ["substringof('budget', Title)", [1]],
    ["startswith(Title,'owner''s')", [1]],
    ['Code eq null', [4]],
    ['ReviewDate ne null', [1, 2, 4]],
    ["ReviewDate ge datetime'2026-06-01T00:00:00Z'", [2, 4]],
    ["ReviewDate lt '2026-04-01T00:00:00Z'", [1]],
    ['OwnerId eq 8', [1, 3]],
    ['Owner/Id eq 9', [2]],
    ['DeputiesId eq 10', [1, 3]],
    ['CategoryId eq 1', [1, 4]],
    ['Escalated eq 1', [1]],
    ['Escalated eq false', [2, 3, 4]],
  ])('%s', async (filter, expected) => {
    expect(ids(await items().filter(filter as string)())).toEqual(expected);
  });

  it('filters on projected fields of expanded person and lookup columns', async () => {
    expect(ids(await items().filter("Owner/Title eq 'Tom Okafor'").expand('Owner')())).toEqual([2]);
    expect(ids(await items().filter("Category/Title eq 'Finance'").expand('Category')())).toEqual([1, 4]);
  });

  it('requires the expand for a projected field, as SharePoint does', async () => {
    const err = await failureOf(items().filter("Owner/Title eq 'Tom Okafor'")());
    expect(err.status).toBe(400);
    expect(err.message).toContain('$expand');
  });

  it('answers a malformed filter with 400 saying where', async () => {
    const err = await failureOf(items().filter("Score gt 3 and (Code eq 'A'")());
    expect(err.status).toBe(400);
    expect(err.message).toContain('position 27');
    expect(err.message).toContain("expected ')'");
    const missing = await failureOf(items().filter('Score gt')());
    expect(missing.message).toContain('position 8');
  });

  it('answers an unknown column with 400 naming it', async () => {
    const err = await failureOf(items().filter("Colour eq 'red'")());
    expect(err.status).toBe(400);
    expect(err.message).toBe("Column 'Colour' does not exist. It may have been deleted by another user.");
  });
});

describe('$select and $expand', () => {
  it('returns person and multi-person columns as ids by default', async () => {
    const one = await sp.web.lists.getByTitle('Risks').items.getById(1)();
    expect(one).toMatchObject({
      OwnerId: priya.id,
      DeputiesId: [tom.id, helen.id],
      CategoryId: 1,
      Escalated: true,
    });
  });

  it('expands single and multi person columns with the selected properties', async () => {
    const one = await sp.web.lists
      .getByTitle('Risks')
      .items.getById(1)
      .select('Id', 'Owner/Id', 'Owner/Title', 'Owner/EMail', 'Deputies/Title', 'Category/Title')
      .expand('Owner', 'Deputies', 'Category')();
    expect(one.Owner).toMatchObject({ Id: priya.id, Title: priya.title, EMail: priya.email });
    expect(one.Deputies.map((d: { Title: string }) => d.Title)).toEqual([tom.title, helen.title]);
    expect(one.Category.Title).toBe('Finance');
    expect(one.Title).toBeUndefined();
  });

  it('combines * with projected fields of an expansion', async () => {
    const one = await sp.web.lists
      .getByTitle('Risks')
      .items.getById(2)
      .select('*', 'Owner/EMail')
      .expand('Owner')();
    expect(one).toMatchObject({ Title: 'Staff turnover', Code: 'A-2', OwnerId: tom.id });
    expect(one.Owner).toMatchObject({ EMail: tom.email });
  });

  it('orders by several columns', async () => {
    const rows = await items().select('Id', 'OwnerId').orderBy('OwnerId', true).orderBy('Score', false)();
    expect(ids(rows)).toEqual([1, 3, 2, 4]);
  });

  it('refuses a person column in $select without $expand', async () => {
    const err = await failureOf(items().select('Owner')());
    expect(err.status).toBe(400);
    expect(err.message).toContain("The query to field 'Owner' is not valid");
  });
});
