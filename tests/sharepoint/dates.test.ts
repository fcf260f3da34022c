/**
 * Date-only columns in the site's time zone, across the BST boundaries (last Sunday of March and
 * of October 2026): every date-only column (Risks.NextReviewDate, Actions.PlannedDate,
 * Actions.ReviewDate) written as local midnight, read back as the same calendar day, shown by
 * SharePoint (FieldValuesAsText) as that day, and the zone read from the site rather than assumed.
 */
import type { RiskAction } from '../../src/domain/types';
import { actionRow, riskRow } from '../../src/sharepoint/item-codec';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { restoreAction, restoreRisk } from '../../src/sharepoint/restore';
import { F, ListTitles, lists } from '../../src/sharepoint/schema';
import { ianaZoneOf, siteCalendar } from '../../src/sharepoint/site-calendar';
import { aRisk, london } from './fixtures';
import { manager, owners, startHarness, type Harness } from './harness';

/** Calendar days either side of both 2026 changes, with the instant SharePoint stores for each. */
const bstBoundaries: [string, string][] = [
  ['2026-01-15', '2026-01-15T00:00:00Z'],
  ['2026-03-28', '2026-03-28T00:00:00Z'],
  ['2026-03-29', '2026-03-29T00:00:00Z'],
  ['2026-03-30', '2026-03-29T23:00:00Z'],
  ['2026-06-30', '2026-06-29T23:00:00Z'],
  ['2026-10-24', '2026-10-23T23:00:00Z'],
  ['2026-10-25', '2026-10-24T23:00:00Z'],
  ['2026-10-26', '2026-10-26T00:00:00Z'],
];

const dateOnlyColumns = lists.flatMap((l) =>
  l.fields.filter((f) => f.dateOnly).map((f) => `${l.title}.${f.name}`),
);

const parent = { riskId: 1, register: 'Corporate', reference: 'CRR1' };
const anAction = (date: string): RiskAction => ({
  title: 'Install flood barriers',
  owners: [],
  status: 'in-progress',
  plannedDate: date,
  reviewDate: date,
});

describe('the codec in London time', () => {
  it('covers every date-only column of the schema', () => {
    expect(dateOnlyColumns.sort()).toEqual(
      ['Actions.PlannedDate', 'Actions.ReviewDate', 'Risks.NextReviewDate'].sort(),
    );
  });

  it.each(bstBoundaries)('writes %s as local midnight %s and reads it back', (date, stored) => {
    const risk = riskRow(aRisk({ nextReviewDate: date, owners: [owners[0]!] }), london);
    const action = actionRow(parent, anAction(date), london);
    expect(risk[F.risks.nextReviewDate]!.value).toBe(stored);
    expect(action[F.actions.plannedDate]!.value).toBe(stored);
    expect(action[F.actions.reviewDate]!.value).toBe(stored);
    // The audit shows the calendar date a person entered.
    expect(risk[F.risks.nextReviewDate]!.display).toBe(date);

    const item = { Id: 1, RiskReference: 'CRR1', Register: 'Corporate', NextReviewDate: stored };
    expect(restoreRisk(item, undefined, [], london)?.nextReviewDate).toBe(date);
    const restored = restoreAction({ Id: 2, PlannedDate: stored, ReviewDate: stored }, [], london);
    expect([restored.plannedDate, restored.reviewDate]).toEqual([date, date]);
  });

  it('converts with the zone it is given, not London', () => {
    const paris = siteCalendar('Europe/Paris');
    const newYork = siteCalendar('America/New_York');
    expect(paris.dateToStored('2026-06-30')).toBe('2026-06-29T22:00:00Z');
    expect(newYork.dateToStored('2026-06-30')).toBe('2026-06-30T04:00:00Z');
    expect(newYork.storedToDate('2026-06-30T04:00:00Z')).toBe('2026-06-30');
    expect(london.storedToDate('2026-06-30T04:00:00Z')).toBe('2026-06-30');
    expect(() => london.dateToStored('30/06/2026')).toThrow(/yyyy-mm-dd/);
  });

  it('maps SharePoint zone ids and checks a configured zone against the site', () => {
    const tz = { Id: 2, Description: '(UTC+00:00) Dublin, Edinburgh, Lisbon, London' };
    const info = { Bias: 0, DaylightBias: -60, StandardBias: 0 };
    expect(ianaZoneOf({ ...tz, Information: info })).toBe('Europe/London');
    expect(() => ianaZoneOf({ ...tz, Information: info }, 'Europe/Paris')).toThrow(
      /does not match the site's '\(UTC\+00:00\) Dublin/,
    );
    expect(() => ianaZoneOf({ Id: 77, Description: '(UTC+05:45) Kathmandu' })).toThrow(
      /SharePoint id 77.*not in the product's table.*IANA name/,
    );
    expect(
      ianaZoneOf(
        { Id: 77, Description: '(UTC+05:45) Kathmandu', Information: { ...info, Bias: -345 } },
        'Asia/Kathmandu',
      ),
    ).toBe('Asia/Kathmandu');
  });
});

describe('date-only columns through the store and the local list service', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function roundTrip(timeZoneId?: number): Promise<{ stored: Record<string, unknown>[] }> {
    h = await startHarness(timeZoneId === undefined ? {} : { timeZoneId });
    await provision(h.sp, { registers: ['Corporate'] });
    const store = createRegisterStore(h.sp);
    const created: number[] = [];
    for (const [i, [date]] of bstBoundaries.entries()) {
      const risk = await store.createRisk(
        aRisk({
          reference: `CRR${i + 1}`,
          nextReviewDate: date,
          owners: [owners[0]!],
          actions: [anAction(date)],
        }),
        manager,
      );
      created.push(risk.id);
      expect(risk.nextReviewDate).toBe(date);
      expect(risk.actions.map((a) => [a.plannedDate, a.reviewDate])).toEqual([[date, date]]);
    }
    // A fresh store (a new session) reads the same days, in the register view and one by one.
    const view = await createRegisterStore(h.sp).loadRegisterView({
      register: 'Corporate',
      periodId: '2026/27-Q1',
    });
    for (const [i, [date]] of bstBoundaries.entries()) {
      const row = view.rows.find((r) => r.risk.reference === `CRR${i + 1}`)!;
      expect(row.risk.nextReviewDate).toBe(date);
      expect(row.risk.actions[0]).toMatchObject({ plannedDate: date, reviewDate: date });
    }
    const stored = (await h.sp.web.lists
      .getByTitle(ListTitles.risks)
      .items.select('Id', F.risks.reference, F.risks.nextReviewDate)
      .orderBy('Id')()) as Record<string, unknown>[];
    return { stored };
  }

  it('stores local midnight in UTC on the London demo site, and SharePoint shows the same day', async () => {
    const { stored } = await roundTrip();
    expect(stored.map((s) => s[F.risks.nextReviewDate])).toEqual(bstBoundaries.map(([, utc]) => utc));
    const summer = stored.find((s) => s[F.risks.reference] === 'CRR5')!;
    const text = (await h.sp.web.lists
      .getByTitle(ListTitles.risks)
      .items.getById(Number(summer.Id))
      .fieldValuesAsText()) as Record<string, string>;
    expect(text[F.risks.nextReviewDate]).toBe('30/06/2026');
    const actions = (await h.sp.web.lists
      .getByTitle(ListTitles.actions)
      .items.select('Id', F.actions.plannedDate, F.actions.reviewDate)
      .orderBy('Id')()) as Record<string, unknown>[];
    expect(actions.map((a) => a[F.actions.plannedDate])).toEqual(bstBoundaries.map(([, utc]) => utc));
    expect(actions.map((a) => a[F.actions.reviewDate])).toEqual(bstBoundaries.map(([, utc]) => utc));
  });

  it("reads the site's own zone: a Paris site stores Paris midnight and reads the same days", async () => {
    const { stored } = await roundTrip(3);
    expect(stored.find((s) => s[F.risks.reference] === 'CRR5')![F.risks.nextReviewDate]).toBe(
      '2026-06-29T22:00:00Z',
    );
  });

  it('reads a date the earlier product wrote (midnight UTC) as the day it meant', async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate'] });
    const store = createRegisterStore(h.sp);
    const risk = await store.createRisk(aRisk({ owners: [owners[0]!] }), manager);
    // What the product used to send: the first ten characters with T00:00:00Z.
    await h.sp.web.lists
      .getByTitle(ListTitles.risks)
      .items.getById(risk.id)
      .update({ [F.risks.nextReviewDate]: '2026-06-30T00:00:00Z' });
    expect((await createRegisterStore(h.sp).getRisk(risk.id)).nextReviewDate).toBe('2026-06-30');
  });

  it('updates a date without touching the others, and an unchanged date is not rewritten', async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate'] });
    const store = createRegisterStore(h.sp);
    const risk = await store.createRisk(
      aRisk({ nextReviewDate: '2026-10-25', owners: [owners[0]!] }),
      manager,
    );
    const same = await store.updateRisk(risk.id, { nextReviewDate: '2026-10-25' }, risk.etag, manager);
    expect(same.etag).toBe(risk.etag);
    const moved = await store.updateRisk(risk.id, { nextReviewDate: '2026-10-26' }, risk.etag, manager);
    expect(moved.nextReviewDate).toBe('2026-10-26');
    const audit = await store.getAudit(risk.id);
    expect(audit.filter((a) => a.field === F.risks.nextReviewDate).map((a) => a.newValue)).toEqual([
      '2026-10-25',
      '2026-10-26',
    ]);
  });
});
