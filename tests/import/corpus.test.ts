/**
 * The import corpus (tests/fixtures/import-corpus) and its scorer (scripts/import-score.ts): the
 * committed files are what the layouts build, every expected.json is well formed, the scorer runs a
 * layout end to end through the real import CLI and the local list service, and its comparison catches
 * planted mismatches. No test asserts the importer's percentage: that is what the scorer measures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetById } from '../../src/domain/presets';
import { newRisk } from '../../src/domain/risk-factory';
import type { RiskMatrix } from '../../src/domain/types';
import type { StoredRisk } from '../../src/ports';
import { checkExpected, compareRisks, expectedFields, report, scoreCorpus } from '../../scripts/import-score';
import { excelCsv, xlsxDifferences } from '../fixtures/import-corpus/build-corpus';
import {
  fileNames,
  layoutDirs,
  loadExpected,
  loadLayout,
  type ExpectedRisk,
} from '../fixtures/import-corpus/corpus-model';

// The end-to-end case starts a list service and two CLI processes on a shared 2-core machine.
jest.setTimeout(300_000);

function matrixOf(id: string): RiskMatrix {
  const m = presetById(id);
  if (!m) throw new Error(`no preset ${id}`);
  return m;
}

function stored(fields: Parameters<typeof newRisk>[0], id = 1): StoredRisk {
  return { ...newRisk(fields), id, etag: '"1"', modified: '2024-04-01T00:00:00Z' };
}

describe('the import corpus', () => {
  const dirs = layoutDirs();

  it('has at least two layouts for each of the five councils', () => {
    const byCouncil = new Map<string, number>();
    for (const d of dirs) byCouncil.set(d.council, (byCouncil.get(d.council) ?? 0) + 1);
    expect([...byCouncil.keys()].sort()).toEqual([
      'cambridgeshire',
      'gloucestershire',
      'halton',
      'kent',
      'medway',
    ]);
    for (const n of byCouncil.values()) expect(n).toBeGreaterThanOrEqual(2);
  });

  it.each(dirs.map((d) => [`${d.council}/${d.layout}`, d.dir]))(
    '%s: the committed CSV is byte for byte what the layout builds, the .xlsx holds its cells, expected.json is well formed',
    async (_name, dir) => {
      const layout = await loadLayout(dir);
      const names = fileNames(layout);
      layout.sheets.forEach((sheet, i) => {
        const committed = readFileSync(join(dir, names.csv[i] as string));
        expect(committed.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
        expect(committed.equals(excelCsv(sheet))).toBe(true);
      });

      expect(await xlsxDifferences(layout, readFileSync(join(dir, names.xlsx)))).toEqual([]);

      const matrix = matrixOf(layout.preset);
      expect(() => checkExpected(loadExpected(dir), layout, matrix)).not.toThrow();
    },
  );
});

describe('the scorer', () => {
  it('scores a layout end to end through the import CLI and reads back what was stored', async () => {
    const results = await scoreCorpus(['kent/summary-profile']);
    const expected = loadExpected(dirOf('kent/summary-profile'));
    const stated = expected.risks.reduce((n, r) => n + expectedFields(r).length, 0);
    expect(results.map((r) => [r.fileType, r.files])).toEqual([
      ['xlsx', ['summary-profile.xlsx']],
      ['csv', ['summary-profile.csv']],
    ]);
    for (const r of results) {
      expect(r.fields).toHaveLength(stated);
      expect(r.runs).toHaveLength(1);
      expect(r.runs[0]?.output).toMatch(/Sheet "/); // the CLI ran and printed its mapping
      // Every field counted as stored is backed by a risk read back from the list service.
      for (const f of r.fields.filter((x) => x.ok))
        expect(r.stored.some((s) => s.reference.startsWith(f.reference))).toBe(true);
      // A missing risk carries the importer's own words.
      for (const f of r.fields.filter((x) => x.stored.startsWith('not imported:')))
        expect(f.stored.length).toBeGreaterThan('not imported: '.length);
      // What was stored, compared again with a planted wrong title, is a miss.
      const planted = expected.risks.map((risk) => ({ ...risk, title: `${risk.title ?? ''} (planted)` }));
      const again = compareRisks(matrixOf('kent'), planted, r.stored);
      expect(again.filter((f) => f.field === 'title' && f.ok)).toEqual([]);
    }
    const printed = report(results);
    expect(printed).toMatch(/^council\s+layout\s+file\s+stated\s+correct\s+%/);
    expect(printed).toMatch(/kent\s+summary-profile\s+xlsx\s+\d+\s+\d+\s+[\d.]+%/);
    expect(printed).toMatch(/total/);
    expect(printed).toMatch(/By field: reference \d+\/\d+, title \d+\/\d+/);
  });

  it('with --skip-errors (a diagnostic) reads back the risks the CLI did write and scores them', async () => {
    const [xlsx] = await scoreCorpus(['kent/summary-profile'], undefined, { skipErrors: true });
    if (!xlsx) throw new Error('no result');
    expect(xlsx.runs[0]?.output).toMatch(/Created \d+/);
    // CRR0056's "High (25)" is one cell of Kent's matrix, so at least that row is written and read back.
    expect(xlsx.stored.length).toBeGreaterThan(0);
    const expected = loadExpected(dirOf('kent/summary-profile'));
    for (const risk of xlsx.stored) {
      const want = expected.risks.find((r) => r.reference === risk.reference);
      if (!want) continue;
      const fields = xlsx.fields.filter((f) => f.reference === risk.reference);
      expect(fields.find((f) => f.field === 'reference')?.ok).toBe(true);
      expect(fields.every((f) => !f.stored.startsWith('not imported:'))).toBe(true);
    }
  });

  it('counts a risk stored as the sheet states it as all correct, and catches each planted mismatch', () => {
    const kent = matrixOf('kent');
    const want: ExpectedRisk = {
      reference: 'CRR0057',
      title: 'Home to School Transport pressures',
      owners: ['Sarah Hammond', 'Simon Jones'],
      cabinetMembers: ['Rory Love', 'David Brazier'],
      current: { likelihood: 4, impact: 4 },
      target: { likelihood: 2, impact: 3 },
      controls: ['Increase in resource within the relevant teams.'],
      actions: ['Review findings and respond to Home To School Transport Policy'],
    };
    const good = stored({
      reference: 'CRR0057',
      title: 'Home to School  Transport\npressures',
      register: 'Corpus',
      owners: [{ name: 'Simon Jones' }, { name: 'Sarah Hammond' }],
      cabinetMembers: [{ name: 'Rory Love' }, { name: 'David Brazier' }],
      current: { likelihood: 4, impact: 4 },
      target: { likelihood: 2, impact: 3 },
      controls: [{ title: 'Increase in resource within the relevant teams.', owners: [] }],
      actions: [
        {
          title: 'Review findings and respond to Home To School Transport Policy',
          owners: [],
          status: 'not-started',
        },
      ],
    });
    const all = compareRisks(kent, [want], [good]);
    expect(all.map((f) => f.field)).toEqual(expectedFields(want));
    expect(all.filter((f) => !f.ok)).toEqual([]);

    const plants: [string, Partial<StoredRisk>][] = [
      ['title', { title: 'Home to School Transport' }],
      ['owners', { owners: [{ name: 'Sarah Hammond, Corporate Director CYPE' }, { name: 'Simon Jones' }] }],
      ['cabinetMembers', { cabinetMembers: [{ name: 'Rory Love, Education & Skills David Brazier' }] }],
      ['current', { current: { likelihood: 3, impact: 4 } }],
      ['target', { target: undefined }],
      ['control', { controls: [{ title: 'Increase in resource within the relevant', owners: [] }] }],
      ['action', { actions: [] }],
    ];
    for (const [field, change] of plants) {
      const misses = compareRisks(kent, [want], [{ ...good, ...change }]).filter((f) => !f.ok);
      expect([field, misses.map((f) => f.field)]).toEqual([field, [field]]);
    }

    // A reference stored with its alias still finds the risk, but the reference itself is a miss.
    const aliased = compareRisks(kent, [want], [{ ...good, reference: 'CRR0057 (PH09)' }]);
    expect(aliased.filter((f) => !f.ok).map((f) => f.field)).toEqual(['reference']);
    // Nothing stored: every field is a miss with the importer's reason.
    const none = compareRisks(kent, [want], [], () => 'Risks!B2 error: no title');
    expect(none.every((f) => !f.ok && f.stored === 'not imported: Risks!B2 error: no title')).toBe(true);
  });

  it('compares a score-only rating by score and band, and codes through the matrix', () => {
    const glos = matrixOf('gloucestershire');
    const want: ExpectedRisk = { reference: 'SR 7.5', current: { score: 12, band: 'Medium' } };
    const at = (current: { likelihood: number; impact: number }) =>
      compareRisks(glos, [want], [stored({ reference: 'SR 7.5', title: 't', register: 'r', current })]).find(
        (f) => f.field === 'current',
      )?.ok;
    expect(at({ likelihood: 3, impact: 4 })).toBe(true);
    expect(at({ likelihood: 4, impact: 3 })).toBe(true);
    expect(at({ likelihood: 3, impact: 3 })).toBe(false);
    const high: ExpectedRisk = { reference: 'SR 7.5', current: { score: 12, band: 'High' } };
    expect(
      compareRisks(
        glos,
        [high],
        [stored({ reference: 'SR 7.5', title: 't', register: 'r', current: { likelihood: 3, impact: 4 } })],
      ).find((f) => f.field === 'current')?.ok,
    ).toBe(false);

    const medway = matrixOf('medway');
    const bii: ExpectedRisk = { reference: 'SR09B', inherent: { likelihood: 'B', impact: 'II' } };
    const cell = (inherent: { likelihood: number; impact: number }) =>
      compareRisks(medway, [bii], [stored({ reference: 'SR09B', title: 't', register: 'r', inherent })]).find(
        (f) => f.field === 'inherent',
      )?.ok;
    expect(cell({ likelihood: 4, impact: 3 })).toBe(true); // B = 4 of 5, II = 3 of 4
    expect(cell({ likelihood: 3, impact: 4 })).toBe(false);
  });

  it('accepts a title over 255 characters only when the description holds the whole statement', () => {
    const halton = matrixOf('halton');
    const long = `Failure to ensure sufficient childcare provision ${'within the authority '.repeat(12)}at a cost to the LA.`;
    const want: ExpectedRisk = { reference: 'COP1', title: long };
    const titleOk = (title: string, description: string) =>
      compareRisks(halton, [want], [stored({ reference: 'COP1', title, register: 'r', description })]).find(
        (f) => f.field === 'title',
      )?.ok;
    expect(titleOk(long, '')).toBe(true);
    expect(titleOk(`${long.slice(0, 200)}…`, long)).toBe(true);
    expect(titleOk(long.slice(0, 200), '')).toBe(false);
    expect(titleOk('Childcare', long)).toBe(false);
  });
});

function dirOf(name: string): string {
  const d = layoutDirs().find((x) => `${x.council}/${x.layout}` === name);
  if (!d) throw new Error(`no layout ${name}`);
  return d.dir;
}
