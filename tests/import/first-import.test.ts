/**
 * Issue 16's behaviours, one by one: score-only ratings stored as scores, long text never refused,
 * headers over two rows and duplicate names, controls-and-actions sheets, people not yet on the site.
 */
import ExcelJS from 'exceljs';
import {
  cellToList,
  directoryResolver,
  dryRun,
  readBlockSheets,
  readRegisterFile,
  suggestForRow,
  suggestMapping,
  twoRowHeader,
} from '../../src/import';
import { shortTitle } from '../../src/import/long-text';
import { parseOwnerCell, parsePeopleCell } from '../../src/import/people-text';
import { readTier } from '../../src/import/rating-cells';
import { applyOverrides } from '../../src/server/import-cli';
import { GLOUCESTERSHIRE, HALTON, KENT, MEDWAY } from '../../src/domain/presets';
import { validateRisk } from '../../src/domain/validation';
import type { Risk, RiskMatrix } from '../../src/domain/types';
import type { StoredRisk } from '../../src/ports';
import { resolver } from './import-helpers';

async function workbook(sheets: Record<string, (string | number | null)[][]>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function plan(
  sheets: Record<string, (string | number | null)[][]>,
  matrix: RiskMatrix,
  existing: StoredRisk[] = [],
) {
  const read = await readRegisterFile(await workbook(sheets), 'x.xlsx');
  if (!read.ok) throw new Error('read');
  const file = { ok: true as const, value: readBlockSheets(read.value).file };
  const s = suggestMapping(file.value.sheets);
  if (!s.ok) throw new Error(JSON.stringify(s.errors));
  return {
    suggestion: s.value,
    plan: await dryRun({
      file: file.value,
      mapping: s.value.mapping,
      register: 'R',
      matrix,
      existing,
      resolver: resolver(),
    }),
  };
}

const cell = (text: string) => ({ text, cell: 'C2', header: 'Rating', column: 'C' });

describe('score-only ratings', () => {
  it('stores "Medium 12" and a bare 15 as the score, with no cell invented', () => {
    expect(readTier(GLOUCESTERSHIRE, 'current', { rating: cell('Medium 12') })).toEqual({
      scoreOnly: 12,
      problems: [],
    });
    expect(readTier(KENT, 'current', { rating: cell('15') })).toEqual({ scoreOnly: 15, problems: [] });
    // Even a score only one cell has is a score: the sheet did not state the cell.
    expect(readTier(KENT, 'current', { rating: cell('High (25)') }).scoreOnly).toBe(25);
  });

  it('imports a risk whose rating is unreadable without that rating, with a warning', () => {
    const r = readTier(MEDWAY, 'inherent', { rating: cell('All') });
    expect(r.rating).toBeUndefined();
    expect(r.scoreOnly).toBeUndefined();
    expect(r.problems).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/imported without/) }),
    ]);
  });

  it('is valid only without a cell for the same tier, and only as a score some cell has', () => {
    const base: Risk = {
      reference: 'SR1',
      aliases: [],
      title: 'T',
      description: '',
      cause: '',
      event: '',
      consequence: '',
      register: 'R',
      directorate: '',
      category: '',
      owners: [],
      ownersToConfirm: ['Ann James'],
      delegates: [],
      cabinetMembers: [],
      triggers: [],
      reviewFrequency: 'quarterly',
      timescaleToTarget: '',
      status: 'open',
      linkedRisks: [],
      controls: [],
      actions: [],
    };
    expect(validateRisk({ ...base, currentScoreOnly: 12 }, KENT)).toEqual([]);
    expect(validateRisk({ ...base, currentScoreOnly: 7 }, KENT).map((e) => e.field)).toEqual([
      'currentScoreOnly',
    ]);
    expect(
      validateRisk({ ...base, currentScoreOnly: 12, current: { likelihood: 3, impact: 4 } }, KENT).map(
        (e) => e.field,
      ),
    ).toEqual(['currentScoreOnly']);
    // An owner to confirm stands in for an owner until they are added to the site.
    expect(validateRisk({ ...base, ownersToConfirm: [] }, KENT).map((e) => e.field)).toEqual(['owners']);
  });
});

describe('long text', () => {
  it('keeps a title that fits, and otherwise cuts at a heading, a sentence or a word, always beginning the text', () => {
    expect(shortTitle('Short title')).toBe('Short title');
    const long = `Workforce (Social Workers) Insufficient staff available. ${'More words here. '.repeat(20)}`;
    expect(shortTitle(long)).toBe('Workforce (Social Workers)');
    const sentences = `Failure to deliver the plan on time. ${'Then more detail follows here. '.repeat(12)}`;
    expect(shortTitle(sentences)).toMatch(/^Failure to deliver the plan on time\. Then more/);
    expect(shortTitle(sentences).length).toBeLessThanOrEqual(255);
    const oneRun = 'word '.repeat(80);
    expect(shortTitle(oneRun)).toMatch(/^word word .*…$/);
    expect(shortTitle(oneRun).length).toBeLessThanOrEqual(255);
  });

  it('imports a long title, control and action with a short title and their whole text', async () => {
    const statement = `Failure to identify and quality assure the provision for young people. ${'x'.repeat(300)}`;
    const control = `A long control. ${'y'.repeat(300)}`;
    const { plan: p } = await plan(
      {
        Register: [
          ['Risk Ref', 'Risk Title', 'Current Risk Rating', 'Controls', 'Actions'],
          ['CRR1', statement, '4 x 4 = 16', control, `1. First action 2. ${'z'.repeat(300)}`],
        ],
      },
      KENT,
    );
    expect(p.ready).toBe(true);
    const risk = p.rows[0]!.risk;
    expect(risk.title).toBe('Failure to identify and quality assure the provision for young people.');
    expect(risk.description.startsWith(statement)).toBe(true);
    expect(risk.controls).toEqual([expect.objectContaining({ title: 'A long control.', detail: control })]);
    expect(risk.actions.map((a) => a.detail ?? a.title)).toEqual(['First action', 'z'.repeat(300)]);
    expect(p.issues.filter((i) => i.severity !== 'warning')).toEqual([]);
  });

  it('splits numbered lists and bullets typed inside one line, not numbers out of sequence', () => {
    expect(cellToList('1. Poor results in key stage 2 and 4 2. Legal challenges 3. Low assurance')).toEqual([
      'Poor results in key stage 2 and 4',
      'Legal challenges',
      'Low assurance',
    ]);
    expect(cellToList('<p>1) First</p> <p>2) Second</p>')).toEqual(['First', 'Second']);
    expect(cellToList('<ul> • Monitoring of absence (C&A) • Caseloads. CSC </ul>')).toEqual([
      'Monitoring of absence (C&A)',
      'Caseloads. CSC',
    ]);
  });
});

describe('headers and sheets', () => {
  it('reads a header over two rows, a group name merged over the tiers', async () => {
    const { suggestion, plan: p } = await plan(
      {
        'Risk Register': [
          ['People Directorate Risk Register'],
          [],
          ['Risk Ref', 'Risk', 'Description', 'Risk rating', null, null],
          [null, null, null, 'Inherent risk', 'Current risk', 'Target risk'],
          ['DR04', 'Placements', '', 'BII', 'BII', 'BIII'],
        ],
      },
      MEDWAY,
    );
    expect(suggestion.mapping.headerRow).toBe(4);
    expect(suggestion.mapping.columns).toMatchObject({
      reference: 0,
      title: 1,
      inherentRating: 3,
      currentRating: 4,
      targetRating: 5,
    });
    expect(suggestion.notes).toContainEqual(expect.stringMatching(/header is rows 3-4/));
    expect(p.rows.map((r) => r.reference)).toEqual(['DR04']);
  });

  it('reads an assessment before the control measures as inherent and the residual block as current', () => {
    const texts = twoRowHeader(
      ['', '', 'Assessment of current risk', '', '', '', '', 'Residual', '', ''],
      [
        'Ref',
        'Risk',
        'Impact (Severity)',
        'Likelihood (Probability)',
        'Score (I x L)',
        'Risk control measure(s)',
        'Lead Officer',
        'Impact',
        'Likelihood',
        'Score',
      ],
    );
    expect(texts?.[6]).toBe('Lead Officer');
    const s = suggestForRow(
      {
        name: 'S',
        rows: [
          ['', '', 'Assessment of current risk', '', '', '', '', 'Residual', '', ''],
          [
            'Ref',
            'Risk',
            'Impact (Severity)',
            'Likelihood (Probability)',
            'Score (I x L)',
            'Risk control measure(s)',
            'Lead Officer',
            'Impact',
            'Likelihood',
            'Score',
          ],
        ],
      },
      2,
    );
    expect(s.mapping.columns).toMatchObject({
      inherentImpact: 2,
      inherentLikelihood: 3,
      inherentRating: 4,
      controls: 5,
      owners: 6,
      currentImpact: 7,
      currentLikelihood: 8,
      currentRating: 9,
    });
    expect(HALTON.notation).toBe('impact-likelihood-score');
  });

  it('tells two columns of the same name apart by what they hold, and says so', async () => {
    const { suggestion } = await plan(
      {
        Register: [
          ['Risk', 'Risk', 'Residual Risk Level'],
          ['1', 'Failure of safeguarding arrangements', '16'],
          ['2', 'School places', '12'],
        ],
      },
      KENT,
    );
    expect(suggestion.mapping.columns).toMatchObject({ reference: 0, title: 1, currentRating: 2 });
    expect(suggestion.notes).toContainEqual(expect.stringMatching(/column A \("Risk"\).*reference/));
  });

  it('adds a controls-and-actions sheet to its risks, and alone to the risks the register has', async () => {
    const controls = [
      ['Risk ID', 'Type', 'Title', 'Owner', 'Planned Completion Date'],
      ['CRR1', 'Control', 'Board in place', 'Ann James', null],
      ['CRR1', 'Action', 'Review the policy', 'Ann James', 'September 2023'],
      ['CRR9', 'Control', 'Nobody has this risk', null, null],
    ];
    const { plan: both } = await plan(
      {
        Risks: [
          ['Risk ID', 'Risk Title', 'Current Risk Rating'],
          ['CRR1', 'Transport', 'Medium (12)'],
        ],
        'Controls and Actions': controls,
      },
      KENT,
    );
    const risk = both.rows[0]!.risk;
    expect(risk.controls.map((c) => c.title)).toEqual(['Board in place']);
    expect(risk.actions).toEqual([
      expect.objectContaining({ title: 'Review the policy', plannedDate: '2023-09-30' }),
    ]);
    expect(both.issues).toContainEqual(
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/CRR9.*not imported/) }),
    );

    const stored = { ...risk, id: 5, etag: '"1"', controls: [], actions: [] } as unknown as StoredRisk;
    const { suggestion, plan: alone } = await plan({ 'Controls and Actions': controls }, KENT, [stored]);
    expect(suggestion.notes).toContainEqual(expect.stringMatching(/lists controls and actions/));
    expect(alone.rows.map((r) => [r.reference, r.outcome])).toEqual([['CRR1', 'update']]);
    expect(alone.rows[0]?.changes?.controls.add.map((c) => c.title)).toEqual(['Board in place']);
    expect(alone.rows[0]?.changes?.fields).toEqual([]);
  });

  it('--map takes a header text or a column letter and refuses anything else', () => {
    const mapping = { sheet: 'S', headerRow: 1, columns: { reference: 0 } };
    const headers = [
      { index: 0, letter: 'A', text: 'Risk' },
      { index: 1, letter: 'B', text: 'Risk Owner' },
    ];
    expect(applyOverrides(mapping, ['owners=risk owner'], headers).columns).toEqual({
      reference: 0,
      owners: 1,
    });
    expect(applyOverrides(mapping, ['owners=C'], headers).columns).toEqual({ reference: 0, owners: 2 });
    // "Risk" is a header here, so it is that column, never column RISK.
    expect(applyOverrides(mapping, ['title=Risk'], headers).columns).toEqual({ reference: 0, title: 0 });
    expect(() => applyOverrides(mapping, ['owners=Lead person'], headers)).toThrow(
      /neither a column letter nor a header of row 1 of sheet "S".*A "Risk", B "Risk Owner"/,
    );
  });
});

describe('people', () => {
  it('reads cabinet members named in an owner cell, keeps job titles with their person and "&" inside them', () => {
    const cellText =
      'Sarah Hammond, Corporate Director CYPE\nSimon Jones, Corporate Director GET\nResponsible Cabinet Member(s): Rory Love, Education & Skills David Brazier, Highways and Transportation';
    const { owners, cabinetMembers } = parseOwnerCell(cellText);
    expect(owners.map((p) => p.name)).toEqual(['Sarah Hammond', 'Simon Jones']);
    expect(cabinetMembers).toEqual([
      { name: 'Rory Love', jobTitle: 'Education & Skills' },
      { name: 'David Brazier', jobTitle: 'Highways and Transportation' },
    ]);
    expect(
      parseOwnerCell(
        'A B\nResponsible Cabinet Member(s): On behalf of Cabinet:\nMike Hill (Lead Member for PREVENT)',
      ).cabinetMembers,
    ).toEqual([{ name: 'Mike Hill', jobTitle: 'Lead Member for PREVENT' }]);
    expect(parsePeopleCell('Ann James & Bob Smith').map((p) => p.name)).toEqual(['Ann James', 'Bob Smith']);
  });

  it('finds a person who is not a site user in the directory, else says how to add them', async () => {
    const added: string[] = [];
    const r = directoryResolver(
      [],
      async (login) => {
        added.push(login);
        return { id: 9, name: 'Ann James', email: 'ann.james@council.example' };
      },
      async (name) =>
        [
          {
            name: 'Ann James',
            email: 'ann.james@council.example',
            login: 'i:0#.f|membership|ann.james@council.example',
          },
          { name: 'Annie James', login: 'i:0#.f|membership|annie@council.example' },
          { name: 'Bo Two', login: 'a' },
          { name: 'Bo Two', login: 'b' },
        ].filter((m) => m.name.toLowerCase().startsWith(name.toLowerCase())),
    );
    expect(await r.ensureUser({ name: 'Cllr Ann James' })).toEqual({
      ok: true,
      person: { id: 9, name: 'Ann James', email: 'ann.james@council.example' },
    });
    expect(added).toEqual(['ann.james@council.example']);
    expect(await r.ensureUser({ name: 'Bo Two' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/2 people/),
    });
    expect(await r.ensureUser({ name: 'Nobody Here' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/nor|or in the organisation's directory; add them to the register site/),
    });
  });
});

describe("a paper's blocks pasted into a sheet", () => {
  it('reads Kent-style blocks (Risk ID | ref | Risk Title, labels over values, control and action tables) as risks', async () => {
    const { plan: p } = await plan(
      {
        CRR: [
          ['Risk ID', 'CRR1', 'Risk Title', 'Transport pressures', null],
          ['Risk Owner', 'Current Likelihood', 'Current Impact', null, null],
          [
            'Ann James, Director',
            'Likely (4)',
            '<p>Serious (4)</p> <p>Target Residual Impact Significant (3)</p>',
            null,
            null,
          ],
          [null, 'Target Residual Likelihood Unlikely (2)', null, null, null],
          ['Control Title', null, 'Control Owner', null, null],
          ['Transport Board in place', null, 'Ann James', null, null],
          ['Action Title', 'Action Owner', 'Planned Completion Date', null, null],
          ['Review the policy', 'Ann James', 'September 2023', null, null],
          [],
          ['Risk ID', 'CRR2', 'Risk Title Cyber attack', null, null],
          ['Risk Owner', 'Current Likelihood', 'Current Impact', null, null],
          ['Ann James', 'Possible (3)', 'Major (5)', null, null],
        ],
      },
      KENT,
    );
    expect(p.issues.filter((i) => i.severity !== 'warning')).toEqual([]);
    const [one, two] = p.rows.map((r) => r.risk);
    expect(one).toMatchObject({
      reference: 'CRR1',
      title: 'Transport pressures',
      current: { likelihood: 4, impact: 4 },
      target: { likelihood: 2, impact: 3 },
    });
    expect(one?.controls.map((c) => c.title)).toEqual(['Transport Board in place']);
    expect(one?.actions).toEqual([
      expect.objectContaining({ title: 'Review the policy', plannedDate: '2023-09-30' }),
    ]);
    expect(two).toMatchObject({
      reference: 'CRR2',
      title: 'Cyber attack',
      current: { likelihood: 3, impact: 5 },
    });
  });

  it('reads Halton-style blocks: the assessment before the control measures is inherent, the residual one current', async () => {
    const { suggestion, plan: p } = await plan(
      {
        'High risks': [
          ['Implementation of High Risk Mitigation Measures'],
          ['Business Area – Children and Family Services'],
          [],
          [
            'Assessment of current risk',
            null,
            'Impact (Severity)',
            'Likelihood (Probability)',
            'Score (I x L)',
            null,
          ],
          ['CFS1', 'Failure to develop the case system', 4, 4, 16, null],
          [
            'Risk control measure(s)',
            null,
            'Lead Officer',
            'Residual Impact',
            'Residual Likelihood',
            'Residual Score',
          ],
          ['User group feeds in', null, 'Ann James', 3, 3, 9],
          ['Progress update', null, null, null, null, null],
          ['Continues to be developed.', null, null, null, null, null],
          [],
          [
            'Assessment of current risk',
            null,
            'Impact (Severity)',
            'Likelihood (Probability)',
            'Score (I x L)',
            null,
          ],
          ['CFS2', 'Failure to recruit', 4, 3, 12, null],
          [
            'Risk control measure(s)',
            null,
            'Lead Officer',
            'Residual Impact',
            'Residual Likelihood',
            'Residual Score',
          ],
          ['Open advert', null, 'Ann James', 3, 2, 6],
        ],
      },
      HALTON,
    );
    expect(suggestion.mapping.sheet).toBe('High risks');
    expect(p.rows.map((r) => r.risk)).toEqual([
      expect.objectContaining({
        reference: 'CFS1',
        directorate: 'Children and Family Services',
        inherent: { likelihood: 4, impact: 4 },
        current: { likelihood: 3, impact: 3 },
        controls: [expect.objectContaining({ title: 'User group feeds in' })],
      }),
      expect.objectContaining({
        reference: 'CFS2',
        inherent: { likelihood: 3, impact: 4 },
        current: { likelihood: 2, impact: 3 },
      }),
    ]);
    expect(p.rows[0]?.comment).toBe('Continues to be developed.');
  });
});
