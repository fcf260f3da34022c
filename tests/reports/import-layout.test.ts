/**
 * The import layout (`npm run export`) read back by the importer with no flags and no mapping: for
 * random registers the dry run gives back the same risks, field by field (people with their job titles,
 * scores without cells as scores without cells, long controls and actions with their full text).
 */
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { validateRisk } from '../../src/domain/validation';
import type { Risk, RiskMatrix } from '../../src/domain/types';
import { directoryResolver, dryRun, readRegisterFile, suggestMapping } from '../../src/import';
import type { StoredRisk } from '../../src/ports';
import { exportRegisterForImportCsv, exportRegisterForImportXlsx } from '../../src/reports';
import { settings as demoSettings } from './demo-register';
import { people, registerArb } from './random-register';

jest.setTimeout(300_000);

const resolver = () => directoryResolver(people.map((p) => ({ name: p.name, email: p.email })));

async function plan(bytes: Uint8Array, name: string, matrix: RiskMatrix, existing: StoredRisk[] = []) {
  const file = await readRegisterFile(bytes, name);
  if (!file.ok) throw new Error(JSON.stringify(file.errors));
  const suggestion = suggestMapping(file.value.sheets);
  if (!suggestion.ok) throw new Error(JSON.stringify(suggestion.errors));
  return dryRun({
    file: file.value,
    mapping: suggestion.value.mapping,
    register: 'Copy',
    matrix,
    existing,
    resolver: resolver(),
  });
}

const stored = (risks: Risk[]): StoredRisk[] =>
  risks.map((r, i) => ({ ...r, id: i + 1, etag: '"1"', modified: '2024-01-01T00:00:00Z' }));

/** The risk as the import should give it back: the same, on the register imported into. */
const expected = (risk: Risk): Risk => ({ ...risk, register: 'Copy' });

/** Only the domain's advice (a target worse than the current rating) may be reported. */
function expectNoProblems(
  issues: { severity?: string; message: string }[],
  risks: Risk[],
  matrix: RiskMatrix,
) {
  expect(issues.filter((i) => i.severity !== 'warning').map((i) => i.message)).toEqual([]);
  const advised = risks.flatMap((r) => validateRisk(r, matrix).filter((e) => e.severity === 'warning'));
  expect(issues.length).toBeLessThanOrEqual(advised.length);
}

describe('export for import -> import is the identity', () => {
  it('random registers through .xlsx (two sheets) come back field by field', async () => {
    await fc.assert(
      fc.asyncProperty(registerArb, async ({ matrix, risks }) => {
        for (const r of risks)
          expect(validateRisk(r, matrix).filter((e) => e.severity !== 'warning')).toEqual([]);
        const settings = { ...demoSettings, matrix, register: 'Source' };
        const p = await plan(await exportRegisterForImportXlsx(settings, risks), 'register.xlsx', matrix);
        expectNoProblems(p.issues, risks, matrix);
        expect(p.counts).toEqual({ create: risks.length, update: 0, unchanged: 0, error: 0 });
        const byRef = new Map(p.rows.map((r) => [r.reference, r.risk]));
        for (const original of risks) expect(byRef.get(original.reference)).toEqual(expected(original));
        // Imported again over what it wrote, nothing changes.
        const again = await plan(
          await exportRegisterForImportXlsx(settings, risks),
          'register.xlsx',
          matrix,
          stored(p.rows.map((r) => r.risk)),
        );
        expect(again.counts).toEqual({ create: 0, update: 0, unchanged: risks.length, error: 0 });
      }),
      { numRuns: 40 },
    );
  });

  it('random registers through the two CSV files (risks, then controls and actions) come back the same', async () => {
    await fc.assert(
      fc.asyncProperty(registerArb, async ({ matrix, risks }) => {
        const settings = { ...demoSettings, matrix, register: 'Source' };
        const csv = exportRegisterForImportCsv(settings, risks);
        expect(csv.register.startsWith('\ufeff')).toBe(true);
        expect(csv.register.slice(1)).not.toMatch(/\ufeff/);
        const first = await plan(new TextEncoder().encode(csv.register), 'register.csv', matrix);
        expectNoProblems(first.issues, risks, matrix);
        const written = stored(first.rows.map((r) => r.risk));
        const hasChildren = risks.some((r) => r.controls.length + r.actions.length > 0);
        expect(csv.children !== undefined).toBe(hasChildren);
        const second = csv.children
          ? await plan(
              new TextEncoder().encode(csv.children),
              'register-controls-and-actions.csv',
              matrix,
              written,
            )
          : undefined;
        if (second) expectNoProblems(second.issues, risks, matrix);
        for (const original of risks) {
          const risk = first.rows.find((r) => r.reference === original.reference)?.risk;
          const children = second?.rows.find((r) => r.reference === original.reference)?.risk;
          expect({
            ...risk,
            controls: children?.controls ?? [],
            actions: children?.actions ?? [],
          }).toEqual(expected(original));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('writes a score without a cell in the notation, with its band and no likelihood or impact', async () => {
    const risk: Risk = {
      reference: 'CRR0001',
      aliases: [],
      title: 'Budget',
      description: '',
      cause: '',
      event: '',
      consequence: '',
      register: 'Source',
      directorate: '',
      category: '',
      owners: [people[0]!],
      delegates: [],
      cabinetMembers: [],
      currentScoreOnly: 12,
      triggers: [],
      reviewFrequency: 'quarterly',
      timescaleToTarget: '',
      status: 'open',
      linkedRisks: [],
      controls: [],
      actions: [],
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      Buffer.from(await exportRegisterForImportXlsx(demoSettings, [risk])) as unknown as ExcelJS.Buffer,
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Register', 'Controls and actions']);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const at = (h: string) => ws.getRow(2).getCell(header.indexOf(h) + 1).value;
    // The demo register keeps Kent's matrix, which prints `Medium (12)`.
    expect(demoSettings.matrix.notation).toBe('band-bracket-score');
    expect(at('Current rating')).toBe('Medium (12)');
    expect(at('Current band')).toBe('Medium');
    expect(at('Current likelihood')).toBe('');
    expect(at('Current impact')).toBe('');
    expect(at('Current score (cell not recorded)')).toBe(12);
    expect(header).not.toContain('Controls');
  });
});
