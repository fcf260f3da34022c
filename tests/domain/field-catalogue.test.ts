/**
 * The field catalogue drives every place a field is handled: a field registered only in a catalogue
 * (tests/fixtures/extended-catalogue.ts) is provisioned, stored and read back, validated, shown on
 * the review card and the committee paper, imported and exported. The tab's form and grid are covered
 * by tests/tab/field-catalogue-ui.test.tsx.
 */
import Papa from 'papaparse';
import { KENT, RISK_FIELDS, makePeriod, newRisk, validateRisk } from '../../src/domain';
import { directoryResolver, dryRun, readRegisterFile, suggestMapping } from '../../src/import';
import { buildPaper } from '../../src/reports';
import { registerColumns } from '../../src/reports/register-columns';
import { createCardSigner } from '../../src/review/card-signing';
import { reviewCardData } from '../../src/review/card-data';
import { expandCard } from '../../src/review/cards';
import { riskRow } from '../../src/sharepoint/item-codec';
import { restoreRisk } from '../../src/sharepoint/restore';
import { lists, riskColumns } from '../../src/sharepoint/schema';
import { siteCalendar } from '../../src/sharepoint/site-calendar';
import { EXTENDED, type ExtendedRisk } from '../fixtures/extended-catalogue';

const cal = siteCalendar('Europe/London');
const owner = { id: 11, name: 'Priya Shah', email: 'priya@council.example' };
const risk = (): ExtendedRisk => ({
  ...newRisk(
    {
      reference: 'CRR0101',
      title: 'Adult social care demand',
      register: 'Corporate',
      owners: [owner],
      current: { likelihood: 4, impact: 4 },
    },
    EXTENDED,
  ),
  fundingSource: 'Better Care Fund',
});
const settings = {
  register: 'Corporate',
  councilName: 'Example County Council',
  matrix: KENT,
  financialYearStartMonth: 4,
  defaultAppetite: 12,
  review: {
    periodKind: 'quarter' as const,
    leadDays: 7,
    cutOffDays: 28,
    reminderAfterDays: 7,
    escalateAfterDays: 14,
    cron: '0 8 * * *',
  },
};

describe('a field added only to the catalogue', () => {
  it('is a column of the Risks list, and the product list is unchanged', () => {
    expect(riskColumns(EXTENDED)).toContainEqual({ name: 'FundingSource', kind: 'Text', maxLength: 255 });
    const product = lists.find((l) => l.title === 'Risks')?.fields.map((f) => f.name);
    expect(product).not.toContain('FundingSource');
    expect(riskColumns(RISK_FIELDS).map((f) => f.name)).toEqual(product);
  });

  it('is written and read back by the item codec, and not dropped', () => {
    const row = riskRow(risk(), cal, EXTENDED);
    expect(row.FundingSource).toEqual({
      key: 'FundingSource',
      value: 'Better Care Fund',
      display: 'Better Care Fund',
    });
    const item = Object.fromEntries(Object.values(row).map((c) => [c.key, c.value]));
    const restored = restoreRisk(
      { ...item, Id: 5, Owners: [{ Id: 11, Title: 'Priya Shah' }] },
      KENT,
      [],
      cal,
      EXTENDED,
    );
    expect((restored as unknown as ExtendedRisk).fundingSource).toBe('Better Care Fund');
    // The product's catalogue knows no such column: nothing is written for it.
    expect(riskRow(risk(), cal).FundingSource).toBeUndefined();
  });

  it("is checked by the domain's rules for its kind", () => {
    const long = { ...risk(), fundingSource: 'x'.repeat(300) };
    expect(validateRisk(long, KENT, EXTENDED).map((e) => e.field)).toEqual(['fundingSource']);
    expect(
      validateRisk({ ...risk(), fundingSource: 7 } as unknown as ExtendedRisk, KENT, EXTENDED)[0]?.field,
    ).toBe('fundingSource');
  });

  it('is a fact on the review card', () => {
    const signer = createCardSigner('catalogue-test-secret-0123456789abcdef');
    const data = reviewCardData({
      risk: { ...risk(), id: 7, etag: '"1"', modified: '2026-10-01T00:00:00Z' },
      settings,
      period: makePeriod(2026, 'quarter', 3),
      riskUrl: 'https://tab.example/index.html?risk=7',
      action: signer.sign({
        riskId: 7,
        periodId: '2026/27-Q3',
        riskVersion: '"1"',
        issuedAt: '2026-10-05T09:00:00.000Z',
      }),
      dueBy: '2026-10-29',
      catalogue: EXTENDED,
    });
    expect(data.facts).toEqual([{ title: 'Funding source', value: 'Better Care Fund' }]);
    expect(JSON.stringify(expandCard('review', data))).toContain(
      '"title":"Funding source","value":"Better Care Fund"',
    );
  });

  it("is a row of the risk's section in the committee paper", () => {
    const period = makePeriod(2026, 'quarter', 3);
    const paper = buildPaper({
      settings,
      period,
      risks: [risk()],
      snapshots: [
        {
          riskReference: 'CRR0101',
          periodId: period.id,
          current: { likelihood: 4, impact: 4 },
          comment: '',
          recordedAt: '2026-10-10T09:00:00Z',
          source: 'tab',
          outcome: 'confirmed',
        },
      ],
      catalogue: EXTENDED,
    });
    expect(paper.risks[0]?.details).toEqual([
      { field: 'fundingSource', label: 'Funding source', text: 'Better Care Fund' },
    ]);
  });

  it('is exported under its label and imported back from it, and a council header finds it by synonym', async () => {
    const columns = registerColumns(KENT, EXTENDED);
    const at = columns.findIndex((c) => c.header === 'Funding source');
    expect(columns[at - 1]?.header).toBe('Category');
    expect(columns[at]?.value(risk())).toBe('Better Care Fund');
    const csv = new TextEncoder().encode(
      Papa.unparse([
        ['Risk Ref', 'Risk Title', 'Lead officer', 'Funding stream'],
        ['CRR0101', 'Adult social care demand', 'Priya Shah <priya@council.example>', 'Better Care Fund'],
      ]),
    );
    const file = await readRegisterFile(csv, 'council.csv');
    if (!file.ok) throw new Error('read');
    const suggestion = suggestMapping(file.value.sheets, undefined, EXTENDED);
    if (!suggestion.ok) throw new Error('mapping');
    expect((suggestion.value.mapping.columns as Record<string, number>).fundingSource).toBe(3);
    const plan = await dryRun({
      file: file.value,
      mapping: suggestion.value.mapping,
      register: 'Corporate',
      matrix: KENT,
      existing: [],
      resolver: directoryResolver([owner]),
      catalogue: EXTENDED,
    });
    expect(plan.issues).toEqual([]);
    expect((plan.rows[0]?.risk as unknown as ExtendedRisk).fundingSource).toBe('Better Care Fund');
    // The product's export has no such column.
    expect(registerColumns(KENT).map((c) => c.header)).not.toContain('Funding source');
  });
});
