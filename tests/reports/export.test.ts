import { validateRisk } from '../../src/domain/validation';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import {
  exportRegisterCsv,
  exportRegisterXlsx,
  exportSnapshotsCsv,
  exportSnapshotsXlsx,
  neutralise,
} from '../../src/reports';
import { dryRun, readRegisterFile, suggestMapping } from '../../src/import';
import type { Risk } from '../../src/domain/types';
import type { RegisterView, StoredRisk } from '../../src/ports';
import { directoryResolver } from '../../src/import';
import { risks, settings, snapshots, Q4 } from './demo-register';
import { periodById } from '../../src/domain/periods';
import { directionOfTravel } from '../../src/domain/direction';

const attacks = [
  '=HYPERLINK("http://evil.example","click")',
  '+SUM(1,2)',
  '-2+3',
  '@SUM(A1)',
  '\tcmd',
  '\rcmd',
];

const hostile: Risk = {
  ...risks[0]!,
  reference: 'CRR0099',
  title: attacks[0]!,
  description: attacks[1]!,
  cause: attacks[2]!,
  event: attacks[3]!,
  controls: [{ title: '=1+1 control', owners: [], order: 1 }],
};

// Leading tabs and carriage returns are neutralised on export; import trims leading whitespace, so they
// are checked on their own rather than in the round trip.
const whitespaceHostile: Risk = {
  ...hostile,
  reference: 'CRR0100',
  consequence: attacks[4]!,
  category: attacks[5]!,
};

async function sheetOf(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb.worksheets[0]!;
}

const people = [
  { name: 'Sarah Hammond', email: 'sarah.hammond@council.example' },
  { name: 'Simon Jones', email: 'simon.jones@council.example' },
  { name: 'Rory Love', email: 'rory.love@council.example' },
];

describe('exports', () => {
  it('neutralises text that a spreadsheet would run as a formula', () => {
    for (const a of attacks) expect(neutralise(a)).toBe(`'${a}`);
    expect(neutralise('Safeguarding')).toBe('Safeguarding');
    expect(neutralise("It's fine")).toBe("It's fine");
  });

  it('writes no formula cells to .xlsx and prefixes dangerous text', async () => {
    const ws = await sheetOf(await exportRegisterXlsx(settings, [hostile, whitespaceHostile]));
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const row = ws.getRow(2);
    ws.eachRow((r) =>
      r.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
      }),
    );
    const at = (h: string) => row.getCell(header.indexOf(h) + 1).value;
    expect(at('Title')).toBe(`'${attacks[0]}`);
    expect(at('Description')).toBe(`'${attacks[1]}`);
    expect(at('Cause')).toBe(`'${attacks[2]}`);
    expect(at('Risk event')).toBe(`'${attacks[3]}`);
    const next = ws.getRow(3);
    const at3 = (h: string) => next.getCell(header.indexOf(h) + 1).value;
    expect(at3('Consequence')).toBe(`'${attacks[4]}`);
    // XML stores a carriage return as a line feed; the apostrophe still keeps it text.
    expect(at3('Category')).toMatch(/^'[\r\n]cmd$/);
    expect(String(at('Controls'))).toBe("'=1+1 control");
  });

  it('prefixes dangerous text in CSV fields too', () => {
    const csv = exportRegisterCsv(settings, [hostile, whitespaceHostile]);
    const rows = Papa.parse<string[]>(csv.replace(/^\ufeff/, '')).data;
    const header = rows[0]!;
    expect(rows[1]![header.indexOf('Title')]).toBe(`'${attacks[0]}`);
    expect(rows[2]![header.indexOf('Consequence')]).toBe(`'${attacks[4]}`);
    expect(rows[2]![header.indexOf('Category')]).toBe(`'${attacks[5]}`);
    for (const v of [...rows[1]!, ...rows[2]!]) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });

  it.each(['xlsx', 'csv'] as const)(
    'round trip: an exported register (%s) imports back to the same register and a re-import changes nothing',
    async (kind) => {
      const all = [...risks, hostile];
      const bytes =
        kind === 'xlsx'
          ? await exportRegisterXlsx(settings, all)
          : new TextEncoder().encode(exportRegisterCsv(settings, all));
      const file = await readRegisterFile(bytes, `register.${kind}`);
      if (!file.ok) throw new Error(JSON.stringify(file.errors));
      const suggestion = suggestMapping(file.value.sheets);
      if (!suggestion.ok) throw new Error(JSON.stringify(suggestion.errors));
      const resolver = directoryResolver(people);
      const plan = await dryRun({
        file: file.value,
        mapping: suggestion.value.mapping,
        register: 'Corporate',
        matrix: settings.matrix,
        existing: [],
        resolver,
      });
      // No problems; the only advice is the domain's, where the demo register's own target is worse
      // than its current rating (the same warning the tab shows on those risks).
      const expectedWarnings = all
        .filter((r) => validateRisk(r, settings.matrix).some((e) => e.severity === 'warning'))
        .map((r) => r.reference);
      expect(plan.issues.filter((i) => i.severity !== 'warning')).toEqual([]);
      expect([...new Set(plan.issues.map((i) => i.record))]).toEqual(expectedWarnings);
      const byRef = new Map(plan.rows.map((r) => [r.reference, r.risk]));
      for (const original of all) {
        const imported = byRef.get(original.reference);
        expect(imported).toEqual(
          expect.objectContaining({
            ...original,
            owners: expect.anything(),
            cabinetMembers: expect.anything(),
            controls: expect.anything(),
            actions: expect.anything(),
          }),
        );
        expect(imported!.owners.map((o) => o.email)).toEqual(original.owners.map((o) => o.email));
        expect(imported!.cabinetMembers.map((o) => o.email)).toEqual(
          original.cabinetMembers.map((o) => o.email),
        );
        expect(imported!.controls.map((c) => [c.title, c.owners.map((o) => o.email), c.serviceTag])).toEqual(
          original.controls.map((c) => [c.title, c.owners.map((o) => o.email), c.serviceTag]),
        );
        expect(
          imported!.actions.map(({ owners, ...a }) => ({ ...a, owners: owners.map((o) => o.email) })),
        ).toEqual(original.actions.map(({ owners, ...a }) => ({ ...a, owners: owners.map((o) => o.email) })));
      }
      // Against a register that already holds exactly these risks, nothing would be written.
      const stored: StoredRisk[] = all.map((r, i) => ({
        ...r,
        id: i + 1,
        etag: '"1"',
        modified: '2024-01-01T00:00:00Z',
      }));
      const again = await dryRun({
        file: file.value,
        mapping: suggestion.value.mapping,
        register: 'Corporate',
        matrix: settings.matrix,
        existing: stored,
        resolver,
      });
      expect(again.counts).toEqual({ create: 0, update: 0, unchanged: all.length, error: 0 });
    },
  );

  it("exports a period's snapshots with the ratings and comments reported then", async () => {
    const period = periodById(Q4);
    if (!period.ok) throw new Error('period');
    const stored = (r: Risk, i: number): StoredRisk => ({
      ...r,
      id: i + 1,
      etag: '"1"',
      modified: '2024-01-01T00:00:00Z',
    });
    const view: RegisterView = {
      settings,
      period: period.value,
      rows: risks.map((r, i) => {
        const own = snapshots.filter((s) => s.riskReference === r.reference);
        const snapshot = own.find((s) => s.periodId === Q4);
        return {
          risk: stored(r, i),
          ...(snapshot
            ? { snapshot: { ...snapshot, id: i + 100, etag: '"1"', modified: snapshot.recordedAt } }
            : {}),
          direction: snapshot ? directionOfTravel(snapshot, own, settings.matrix) : 'new',
          reviewState: 'confirmed',
        };
      }),
    };
    const ws = await sheetOf(await exportSnapshotsXlsx(view));
    expect(ws.name).toBe('Q4 2023-24');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    const col = (h: string) => header.indexOf(h) + 1;
    const crr56 = rows.find((r) => r[col('Reference')] === 'CRR0056')!;
    expect(crr56[col('Current rating')]).toBe('High (25)');
    expect(crr56[col('Current score')]).toBe(25);
    expect(crr56[col('Direction of travel')]).toBe('↑ Worse');
    expect(crr56[col('Outcome')]).toBe('Changed');
    expect(rows.find((r) => r[col('Reference')] === 'CRR0070')).toBeUndefined();
    const csv = exportSnapshotsCsv(view);
    expect(csv).toContain('CRR0061');
    expect(csv).toContain('Not reviewed');
  });
});
