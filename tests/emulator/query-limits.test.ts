/**
 * What SharePoint refuses in list item queries, through real PnPjs: filter functions it does not
 * support, and on a list over the list view threshold an indexed filter whose first indexed
 * clause still matches more than the threshold. Also the default view, which shows only fields
 * added with AddFieldToDefaultView (16), by their display names.
 */
import type { SPFI } from '@pnp/sp';
import '@pnp/sp/views/list';
import { demoManager, demoReader, startListService, type ListService } from '../../src/emulator';
import { addRisks, ensureSimpleRisks, failureOf } from './fixtures';
import { spFor } from './pnp-client';

jest.setTimeout(120_000);

describe('unsupported filter functions', () => {
  let service: ListService;
  let sp: SPFI;
  beforeAll(async () => {
    service = await startListService();
    sp = spFor(service.siteUrl, demoManager.token);
    await ensureSimpleRisks(sp);
    await addRisks(sp, 3);
  });
  afterAll(() => service.close());
  const items = () => sp.web.lists.getByTitle('Risks').items.select('Id');

  it.each([
    ["endswith(Title,'1')", 'endswith'],
    ["tolower(Title) eq 'risk 1'", 'tolower'],
    ['length(Title) eq 6', 'length'],
    ['year(Created) eq 2026', 'year'],
    ['Score add 1 eq 3', 'add'],
  ])('refuses %s', async (filter, name) => {
    const err = await failureOf(items().filter(filter)());
    expect(err.status).toBe(400);
    expect(err.message).toContain(`'${name}'`);
    expect(err.message).toContain('not supported');
  });

  it('still runs startswith and substringof', async () => {
    expect(await items().filter("startswith(Title,'Risk 1')")()).toHaveLength(1);
    expect(await items().filter("substringof('isk',Title)")()).toHaveLength(3);
  });
});

describe('list view threshold on indexed filters', () => {
  let service: ListService;
  let sp: SPFI;
  // A threshold of 60 with 90 items: Status 'Open' matches 60 (within), RiskCode ne 'x' 90 (over).
  beforeAll(async () => {
    service = await startListService({ listViewThreshold: 60 });
    sp = spFor(service.siteUrl, demoManager.token);
    await ensureSimpleRisks(sp);
    await addRisks(sp, 90);
  });
  afterAll(() => service.close());
  const items = () => sp.web.lists.getByTitle('Risks').items.select('Id').top(5000);

  it('allows an indexed filter that narrows to the threshold, with a non-indexed clause after it', async () => {
    expect(await items().filter("Status eq 'Open'")()).toHaveLength(60);
    expect(await items().filter("Status eq 'Open' and Score gt 20")()).toHaveLength(
      Array.from({ length: 90 }, (_, i) => i + 1).filter((n) => n % 3 !== 0 && n % 25 > 20).length,
    );
  });

  it("refuses an indexed filter whose matches exceed the threshold with SharePoint's error", async () => {
    const err = await failureOf(items().filter("RiskCode ne 'none'")());
    expect(err.status).toBe(500);
    expect(err.message).toMatch(
      /^The attempted operation is prohibited because it exceeds the list view threshold\./,
    );
    expect(err.message).toContain('still matches more than 60 items');
    const body = JSON.parse(await err.error.response.clone().text()) as {
      'odata.error': { code: string };
    };
    expect(body['odata.error'].code).toContain('SPQueryThrottledException');
  });

  it('judges the first indexed clause: a later one that would narrow it does not help', async () => {
    const err = await failureOf(items().filter("RiskCode ne 'none' and Status eq 'Closed'")());
    expect(err.status).toBe(500);
    expect(err.message).toContain('first indexed clause (on RiskCode)');
    // Put the narrow indexed clause first and the same query runs.
    expect(await items().filter("Status eq 'Closed' and RiskCode ne 'none'")()).toHaveLength(30);
  });

  it('refuses a filter with no indexed clause, and allows an unfiltered query paged by ID', async () => {
    const err = await failureOf(items().filter('Score gt 3')());
    expect(err.message).toContain("column 'Score' is not indexed");
    expect(await sp.web.lists.getByTitle('Risks').items.select('Id').top(50)()).toHaveLength(50);
  });
});

describe('default view', () => {
  let service: ListService;
  let sp: SPFI;
  beforeAll(async () => {
    service = await startListService();
    sp = spFor(service.siteUrl, demoManager.token);
    const { list } = await sp.web.lists.ensure('Viewed');
    await list.fields.createFieldAsXml({
      SchemaXml:
        '<Field Type="DateTime" Name="NextReviewDate" DisplayName="Next review date" Format="DateOnly" />',
      Options: 8 | 16,
    });
    await list.fields.createFieldAsXml({
      SchemaXml: '<Field Type="Text" Name="RowKey" DisplayName="Row key" />',
      Options: 8,
    });
    await list.fields.addText('Notes');
  });
  afterAll(() => service.close());
  const list = () => sp.web.lists.getByTitle('Viewed');

  it('shows Title and the fields added with AddFieldToDefaultView, not the others', async () => {
    const view = (await list().defaultView.fields()) as unknown as { Items: string[]; SchemaXml: string };
    expect(view.Items).toEqual(['LinkTitle', 'NextReviewDate']);
    expect(view.SchemaXml).toContain('<FieldRef Name="NextReviewDate" />');
    const field = (await list().fields.getByInternalNameOrTitle('NextReviewDate')()) as { Title: string };
    expect(field.Title).toBe('Next review date');
    expect(((await list().defaultView()) as { Title: string; DefaultView: boolean }).DefaultView).toBe(true);
  });

  it('adds a field by display name or internal name, once; a reader may not', async () => {
    await list().defaultView.fields.add('Row key');
    await list().defaultView.fields.add('RowKey');
    const view = (await list().defaultView.fields()) as unknown as { Items: string[] };
    expect(view.Items).toEqual(['LinkTitle', 'NextReviewDate', 'RowKey']);
    const reader = spFor(service.siteUrl, demoReader.token);
    const err = await failureOf(reader.web.lists.getByTitle('Viewed').defaultView.fields.add('Notes'));
    expect(err.status).toBe(403);
    const missing = await failureOf(list().defaultView.fields.add('NoSuchColumn'));
    expect(missing.status).toBe(404);
  });
});
