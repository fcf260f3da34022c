/**
 * Conformance of the local list service with the wire contract, driven through real PnPjs 4.21:
 * lists ensure/getByTitle/getById, every field add form, items CRUD with ETags and 412, queries.
 */
import { HttpRequestError } from '@pnp/queryable';
import type { SPFI } from '@pnp/sp';
import { demoManager, demoRiskOwners, startListService, type ListService } from '../../src/emulator';
import { statusOf } from './fixtures';
import { spFor } from './pnp-client';

// The machine is shared: allow slow runs; no test asserts on elapsed time.
jest.setTimeout(60_000);

let service: ListService;
let sp: SPFI;

beforeAll(async () => {
  service = await startListService();
  sp = spFor(service.siteUrl, demoManager.token);
});

afterAll(async () => {
  await service.close();
});

async function provisionRisks(): Promise<{ categoriesId: string }> {
  const cats = await sp.web.lists.ensure('Categories', 'Risk categories');
  await cats.list.items.add({ Title: 'Finance' });
  await cats.list.items.add({ Title: 'People' });
  const catInfo = await cats.list.select('Id')();
  const ensured = await sp.web.lists.ensure('Risks', 'Risk register', 100, false, { EnableVersioning: true });
  expect(ensured.created).toBe(true);
  const fields = ensured.list.fields;
  await fields.addText('RiskCode', { MaxLength: 50, EnforceUniqueValues: true, Indexed: true });
  await fields.addNumber('Score', { MinimumValue: 0, MaximumValue: 25 });
  await fields.addChoice('Status', { Choices: ['Open', 'Mitigating', 'Closed'] });
  await fields.getByInternalNameOrTitle('Status').update({ DefaultValue: 'Open' });
  await fields.addUser('Owner', { SelectionMode: 0 });
  await fields.addDateTime('ReviewDate');
  await fields.addMultilineText('Description');
  await fields.addLookup('Category', { LookupListId: catInfo.Id, LookupFieldName: 'Title' });
  return { categoriesId: catInfo.Id };
}

describe('lists and fields', () => {
  beforeAll(async () => {
    await provisionRisks();
  });

  it('ensure finds the existing list the second time and keeps its data', async () => {
    const again = await sp.web.lists.ensure('Risks', 'Risk register', 100, false, { EnableVersioning: true });
    expect(again.created).toBe(false);
    const info = await again.list.select('Title', 'EnableVersioning', 'ItemCount')();
    expect(info).toMatchObject({ Title: 'Risks', EnableVersioning: true });
  });

  it('getByTitle is case-insensitive and getById finds the same list', async () => {
    const byTitle = await sp.web.lists.getByTitle('risks').select('Id', 'Title')();
    const byId = await sp.web.lists.getById(byTitle.Id).select('Title')();
    expect(byId.Title).toBe('Risks');
  });

  it('an unknown list is a 404 naming the list and the site', async () => {
    const err = await sp.web.lists
      .getByTitle('Nope')()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpRequestError);
    const httpErr = err as HttpRequestError;
    expect(httpErr.status).toBe(404);
    const body = (await httpErr.response.json()) as { 'odata.error': { message: { value: string } } };
    expect(body['odata.error'].message.value).toBe(
      `List 'Nope' does not exist at site with URL '${service.siteUrl}'.`,
    );
  });

  it('reports the fields it created with their types, index and unique settings', async () => {
    const list = sp.web.lists.getByTitle('Risks');
    const code = await list.fields.getByInternalNameOrTitle('RiskCode')();
    expect(code).toMatchObject({
      TypeAsString: 'Text',
      MaxLength: 50,
      Indexed: true,
      EnforceUniqueValues: true,
      FieldTypeKind: 2,
    });
    const owner = await list.fields.getByInternalNameOrTitle('Owner')();
    expect(owner).toMatchObject({ TypeAsString: 'User', FieldTypeKind: 20 });
    const status = await list.fields.getByTitle('Status')();
    expect(status.Choices).toEqual(['Open', 'Mitigating', 'Closed']);
    const cat = await list.fields.getByInternalNameOrTitle('Category')();
    expect(cat).toMatchObject({ TypeAsString: 'Lookup', LookupField: 'Title' });
  });

  it('refuses a single line of text longer than 255 characters', async () => {
    const fields = sp.web.lists.getByTitle('Risks').fields;
    const err = await fields
      .createFieldAsXml('<Field Type="Text" DisplayName="Huge" MaxLength="300" />')
      .catch((e: unknown) => e);
    expect((err as HttpRequestError).status).toBe(400);
  });

  it('an unknown field is a 404', async () => {
    expect(
      await statusOf(sp.web.lists.getByTitle('Risks').fields.getByInternalNameOrTitle('Missing')()),
    ).toBe(404);
  });

  it('updates Indexed on a field with MERGE', async () => {
    const field = sp.web.lists.getByTitle('Risks').fields.getByInternalNameOrTitle('Score');
    await field.update({ Indexed: true }, 'SP.FieldNumber');
    expect((await field.select('Indexed')()).Indexed).toBe(true);
  });

  it('creates fields from SchemaXml with the internal name rules of SharePoint', async () => {
    const fields = sp.web.lists.getByTitle('Risks').fields;
    await fields.createFieldAsXml('<Field Type="Text" DisplayName="Extra" Name="Extra" MaxLength="255" />');
    await fields.createFieldAsXml({
      SchemaXml:
        '<Field Type="UserMulti" DisplayName="Co Owners" Name="CoOwners" Mult="TRUE" Indexed="FALSE" />',
      Options: 8,
    });
    await fields.createFieldAsXml(
      '<Field Type="Choice" DisplayName="Trend Label" Name="Trend"><CHOICES><CHOICE>Up</CHOICE><CHOICE>Down</CHOICE></CHOICES></Field>',
    );
    const names = (await fields.select('InternalName')()).map(
      (f: { InternalName: string }) => f.InternalName,
    );
    expect(names).toEqual(expect.arrayContaining(['Extra', 'CoOwners', 'Trend_x0020_Label']));
    const co = await fields.getByInternalNameOrTitle('CoOwners')();
    expect(co).toMatchObject({ TypeAsString: 'UserMulti', AllowMultipleValues: true });
  });
});

describe('items', () => {
  const risks = () => sp.web.lists.getByTitle('Risks');

  it('adds an item and returns it with odata.etag "1" and Id', async () => {
    const owner = await sp.web.ensureUser(demoRiskOwners[0]?.email ?? '');
    const added = await risks().items.add({
      Title: 'Budget overspend',
      RiskCode: 'R-100',
      Score: 12,
      OwnerId: owner.Id,
      ReviewDate: '2026-12-31T00:00:00Z',
      Description: 'line1\nline2',
      CategoryId: 1,
    });
    expect(added['odata.etag']).toBe('"1"');
    expect(added).toMatchObject({
      Title: 'Budget overspend',
      Status: 'Open',
      OwnerId: owner.Id,
      CategoryId: 1,
      // Created By / Modified By are the caller, as SharePoint records them.
      AuthorId: demoManager.id,
      EditorId: demoManager.id,
    });
    const read = await risks()
      .items.getById(added.Id)
      .select('Id', 'Title', 'Owner/Title', 'Owner/EMail', 'Category/Title')
      .expand('Owner', 'Category')();
    expect(read.Owner).toMatchObject({ Title: demoRiskOwners[0]?.title, EMail: demoRiskOwners[0]?.email });
    expect(read.Category).toMatchObject({ Title: 'Finance' });
  });

  it('updates with the current ETag, then a stale ETag fails with 412', async () => {
    const added = await risks().items.add({ Title: 'Data breach', RiskCode: 'R-101' });
    const item = risks().items.getById(added.Id);
    const result = await item.update({ Title: 'Data breach (cyber)' }, '"1"');
    expect(result.etag).toBe('"2"');
    expect(await statusOf(item.update({ Title: 'stale' }, '"1"'))).toBe(412);
    await item.update({ Score: 4 });
    const now = await item();
    expect(now).toMatchObject({ Title: 'Data breach (cyber)', Score: 4, 'odata.etag': '"3"' });
  });

  it('deletes with an ETag, and the item is gone', async () => {
    const added = await risks().items.add({ Title: 'Temporary', RiskCode: 'R-102' });
    expect(await statusOf(risks().items.getById(added.Id).delete('"7"'))).toBe(412);
    await risks().items.getById(added.Id).delete('"1"');
    expect(await statusOf(risks().items.getById(added.Id)())).toBe(404);
  });

  it('selects, filters, orders and limits', async () => {
    for (const [code, score, status] of [
      ['Q-1', 3, 'Open'],
      ['Q-2', 9, 'Closed'],
      ['Q-3', 6, 'Open'],
    ] as const) {
      await risks().items.add({ Title: `query ${code}`, RiskCode: code, Score: score, Status: status });
    }
    const rows = await risks()
      .items.select('Id', 'RiskCode', 'Score')
      .filter("startswith(RiskCode,'q-') and Status eq 'Open'")
      .orderBy('Score', false)
      .top(5)();
    expect(rows.map((r: { RiskCode: string }) => r.RiskCode)).toEqual(['Q-3', 'Q-1']);
    expect(Object.keys(rows[0] ?? {}).filter((k) => !k.startsWith('odata.'))).toEqual([
      'Id',
      'RiskCode',
      'Score',
    ]);
  });

  it('rejects a duplicate in a unique column, ignoring case', async () => {
    await risks().items.add({ Title: 'Unique A', RiskCode: 'U-1' });
    const err = await risks()
      .items.add({ Title: 'Unique B', RiskCode: 'u-1' })
      .catch((e: unknown) => e);
    expect((err as HttpRequestError).status).toBe(500);
    expect((err as HttpRequestError).message).toContain('duplicate values were found');
  });

  it('rejects text longer than MaxLength with 400 naming the field and the limit', async () => {
    const err = (await risks()
      .items.add({ Title: 'Too long', RiskCode: 'X'.repeat(51) })
      .catch((e: unknown) => e)) as HttpRequestError;
    expect(err.status).toBe(400);
    expect(err.message).toContain("field 'RiskCode'");
    expect(err.message).toContain('MaxLength is 50');
  });

  it('rejects an unknown property as SharePoint does', async () => {
    const err = (await risks()
      .items.add({ Nope: 1 })
      .catch((e: unknown) => e)) as HttpRequestError;
    expect(err.status).toBe(400);
    expect(err.message).toContain("The property 'Nope' does not exist on type 'SP.Data.RisksListItem'");
  });
});
