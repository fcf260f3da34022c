/**
 * Regional settings and date-only columns through real PnPjs: the site's time zone as SharePoint
 * reports it, date-only values stored as local midnight and returned in UTC across both BST
 * boundaries (last Sunday of March and of October), and FieldValuesAsText in the site's locale.
 */
import type { SPFI } from '@pnp/sp';
import '@pnp/sp/regional-settings/web';
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { fieldFromSchemaXml, isDateOnly } from '../../src/emulator/fields';
import { failureOf } from './fixtures';
import { spFor } from './pnp-client';

jest.setTimeout(60_000);

type DatedItem = { Id: number; Due: string | null; At: string | null };

async function datedList(sp: SPFI): Promise<void> {
  const { list } = await sp.web.lists.ensure('Dated');
  // addDateTime's default DisplayFormat is DateOnly (PnPjs sends DisplayFormat 0).
  await list.fields.addDateTime('Due');
  await list.fields.createFieldAsXml({
    SchemaXml: '<Field Type="DateTime" Name="At" DisplayName="At" Format="DateTime" />',
    Options: 8,
  });
}

describe('a London site (the demo site)', () => {
  let service: ListService;
  let sp: SPFI;
  beforeAll(async () => {
    service = await startListService();
    sp = spFor(service.siteUrl, demoManager.token);
    await datedList(sp);
  });
  afterAll(() => service.close());
  const list = () => sp.web.lists.getByTitle('Dated');
  const saved = async (value: string): Promise<DatedItem> => {
    const added = (await list().items.add({ Title: value, Due: value })) as DatedItem;
    return (await list().items.getById(added.Id).select('Id', 'Due')()) as DatedItem;
  };

  it('reports its time zone and locale as SharePoint does', async () => {
    const tz = await sp.web.regionalSettings.timeZone();
    expect(tz).toMatchObject({
      Description: '(UTC+00:00) Dublin, Edinburgh, Lisbon, London',
      Id: 2,
      Information: { Bias: 0, DaylightBias: -60, StandardBias: 0 },
    });
    const settings = await sp.web.regionalSettings.select('LocaleId', 'Time24')();
    expect(settings).toMatchObject({ LocaleId: 2057, Time24: true });
    const field = (await list().fields.getByInternalNameOrTitle('Due')()) as { DisplayFormat: number };
    expect(field.DisplayFormat).toBe(0);
  });

  // Each date either side of the last Sunday of March (29th) and of October (25th) 2026, and
  // mid-winter / mid-summer: stored and returned as local midnight in UTC.
  it.each([
    ['2026-01-15', '2026-01-15T00:00:00Z'],
    ['2026-03-28', '2026-03-28T00:00:00Z'],
    ['2026-03-29', '2026-03-29T00:00:00Z'],
    ['2026-03-30', '2026-03-29T23:00:00Z'],
    ['2026-06-30', '2026-06-29T23:00:00Z'],
    ['2026-10-24', '2026-10-23T23:00:00Z'],
    ['2026-10-25', '2026-10-24T23:00:00Z'],
    ['2026-10-26', '2026-10-26T00:00:00Z'],
  ])('keeps the date-only value %s as local midnight %s', async (date, stored) => {
    // Whatever form the client sends: local midnight's instant, midnight UTC of that day (what the
    // product sent before) or a bare date, the calendar day in London is what is kept.
    expect((await saved(stored)).Due).toBe(stored);
    expect((await saved(`${date}T00:00:00Z`)).Due).toBe(stored);
    expect((await saved(date)).Due).toBe(stored);
  });

  it('keeps a date-and-time value as the instant sent', async () => {
    const added = (await list().items.add({ At: '2026-06-30T13:05:00Z' })) as DatedItem;
    expect(added.At).toBe('2026-06-30T13:05:00Z');
    const winter = (await list().items.add({ At: '2026-10-26T13:05:00+01:00' })) as DatedItem;
    expect(winter.At).toBe('2026-10-26T12:05:00Z');
  });

  it('gives FieldValuesAsText in the site zone and en-GB: dd/MM/yyyy, 24-hour time', async () => {
    const added = (await list().items.add({
      Title: 'Summer',
      Due: '2026-06-29T23:00:00Z',
      At: '2026-10-25T00:30:00Z',
    })) as DatedItem;
    const text = (await list().items.getById(added.Id).fieldValuesAsText()) as Record<string, string>;
    expect(text).toMatchObject({ Title: 'Summer', Due: '30/06/2026', At: '25/10/2026 01:30' });
    const expanded = (await list()
      .items.getById(added.Id)
      .select('Id', 'FieldValuesAsText/Due')
      .expand('FieldValuesAsText')()) as { FieldValuesAsText: Record<string, string> };
    expect(expanded.FieldValuesAsText.Due).toBe('30/06/2026');
    expect(expanded.FieldValuesAsText.Title).toBeUndefined();
  });

  it('compares dates in $filter as instants: local midnight matches the stored day', async () => {
    const rows = (await list()
      .items.select('Id', 'Due')
      .filter("Due eq datetime'2026-10-24T23:00:00Z'")()) as DatedItem[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.Due === '2026-10-24T23:00:00Z')).toBe(true);
  });

  it('refuses a value that is not a date and writes nothing', async () => {
    const before = (await list().items.select('Id')()).length;
    const err = await failureOf(list().items.add({ Due: '2026-02-31' }));
    expect(err.status).toBe(400);
    expect(err.message).toContain("Invalid value for field 'Due'");
    expect((await list().items.select('Id')()).length).toBe(before);
  });
});

describe('a site in another zone', () => {
  it('stores local midnight of that zone (Paris: UTC+2 in summer, UTC+1 in winter)', async () => {
    const service = await startListService({ timeZoneId: 3 });
    try {
      const sp = spFor(service.siteUrl, demoManager.token);
      await datedList(sp);
      const list = sp.web.lists.getByTitle('Dated');
      const tz = await sp.web.regionalSettings.timeZone();
      expect(tz).toMatchObject({ Id: 3, Information: { Bias: -60, DaylightBias: -60, StandardBias: 0 } });
      const summer = (await list.items.add({ Due: '2026-06-30' })) as DatedItem;
      const winter = (await list.items.add({ Due: '2026-01-15T00:00:00Z' })) as DatedItem;
      expect(summer.Due).toBe('2026-06-29T22:00:00Z');
      expect(winter.Due).toBe('2026-01-14T23:00:00Z');
    } finally {
      await service.close();
    }
  });

  it('refuses a time zone id it does not know', async () => {
    await expect(startListService({ timeZoneId: 999 })).rejects.toThrow(/time zone id 999/);
  });
});

describe('date-only columns stored by an earlier version of the service', () => {
  it('are recognised from their SchemaXml when the stored definition has no DisplayFormat', () => {
    const field = fieldFromSchemaXml(
      { SchemaXml: '<Field Type="DateTime" Name="Due" DisplayName="Due" Format="DateOnly" />' },
      'Dated',
      () => undefined,
    );
    expect(isDateOnly(field)).toBe(true);
    const { displayFormat: _dropped, ...older } = field;
    expect(isDateOnly(older)).toBe(true);
    expect(isDateOnly({ ...older, schemaXml: '<Field Type="DateTime" Name="At" />' })).toBe(false);
  });
});
