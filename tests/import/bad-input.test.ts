import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { checkMapping, describeIssue, dryRun, readRegisterFile, suggestMapping } from '../../src/import';
import { KENT } from '../../src/domain/presets';
import { buildFixture } from '../fixtures/import/build-fixtures';
import { resolver } from './import-helpers';

async function workbook(rows: (string | number)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Register');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function messages(bytes: Uint8Array, name: string): Promise<string[]> {
  const r = await readRegisterFile(bytes, name);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors.map((e) => e.message);
}

describe('files the import refuses, with a reason the user can act on', () => {
  it('a Word document renamed to .xlsx', async () => {
    const docx = new Uint8Array(
      await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('x')] }] })),
    );
    expect((await messages(docx, 'register.xlsx'))[0]).toMatch(
      /register\.xlsx is a Word document, not an Excel workbook/,
    );
  });

  it('a password-protected workbook (an encrypted OLE container)', async () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await messages(ole, 'locked.xlsx'))[0]).toMatch(
      /locked\.xlsx is password-protected .*remove the password/,
    );
  });

  it('a damaged workbook', async () => {
    const good = await workbook([['Risk Ref', 'Risk Title']]);
    expect((await messages(good.slice(0, good.length / 2), 'cut.xlsx'))[0]).toMatch(
      /cut\.xlsx could not be opened/,
    );
    expect((await messages(new Uint8Array([1, 2, 3, 0, 5]), 'junk.xlsx'))[0]).toMatch(
      /junk\.xlsx is not a readable Excel workbook/,
    );
  });

  it('an image, an empty file and a CSV with a broken quote', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect((await messages(png, 'heat-map.png'))[0]).toMatch(
      /neither an Excel workbook \(\.xlsx\) nor a CSV file/,
    );
    expect((await messages(new Uint8Array(), 'empty.csv'))[0]).toMatch(/empty\.csv is empty/);
    const broken = new TextEncoder().encode('Risk Ref,Risk Title\nCRR1,"Unclosed title\n');
    expect((await messages(broken, 'broken.csv'))[0]).toMatch(/broken\.csv: .*quotes/i);
  });

  it('a sheet with no recognisable header row', async () => {
    const bytes = await workbook([['Minutes of the meeting'], ['Apologies', 'None']]);
    const file = await readRegisterFile(bytes, 'minutes.xlsx');
    if (!file.ok) throw new Error('read');
    const s = suggestMapping(file.value.sheets);
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.errors[0]?.message).toMatch(/No header row was found .*"Risk Ref", "Risk Title"/);
  });
});

describe('the mapping the user corrects', () => {
  it('reads a column the synonyms missed once the user maps it, and rejects a column mapped twice', async () => {
    const bytes = await workbook([
      ['Corporate risks'],
      ['Risk Ref', 'Risk Title', 'Score now', 'Accountable person'],
      ['CRR1', 'Safeguarding', 'High (16)', 'Ann James <ann.james@council.example>'],
    ]);
    const file = await readRegisterFile(bytes, 'odd.xlsx');
    if (!file.ok) throw new Error('read');
    const s = suggestMapping(file.value.sheets);
    if (!s.ok) throw new Error('mapping');
    expect(s.value.mapping.headerRow).toBe(2);
    expect(s.value.mapping.columns.owners).toBeUndefined();
    const mapping = {
      ...s.value.mapping,
      columns: { ...s.value.mapping.columns, currentRating: 2, owners: 3 },
    };
    expect(checkMapping(file.value.sheets, mapping)).toEqual([]);
    const plan = await dryRun({
      file: file.value,
      mapping,
      register: 'Corporate',
      matrix: KENT,
      existing: [],
      resolver: resolver(),
    });
    expect(plan.issues).toEqual([]);
    // `High (16)` states a score, not a cell: it is stored as the score alone, even where one cell has it.
    expect(plan.rows[0]?.risk.current).toBeUndefined();
    expect(plan.rows[0]?.risk.currentScoreOnly).toBe(16);
    expect(plan.rows[0]?.risk.owners.map((o) => o.email)).toEqual(['ann.james@council.example']);

    const twice = { ...mapping, columns: { ...mapping.columns, title: 2 } };
    expect(checkMapping(file.value.sheets, twice).map((i) => i.message)).toContainEqual(
      expect.stringMatching(/Column C is mapped to both/),
    );
  });

  it('stores a score alone as a score, imports a rating written "All" and an unknown owner with warnings', async () => {
    const bytes = await workbook([
      ['Risk Ref', 'Risk Title', 'Current Risk Rating', 'Risk Owner'],
      ['CRR1', 'Safeguarding', 'Medium (12)', 'Ann James'],
      ['CRR2', 'Transport', 'All', 'Nobody Known'],
    ]);
    const file = await readRegisterFile(bytes, 'x.xlsx');
    if (!file.ok) throw new Error('read');
    const s = suggestMapping(file.value.sheets);
    if (!s.ok) throw new Error('mapping');
    const plan = await dryRun({
      file: file.value,
      mapping: s.value.mapping,
      register: 'Corporate',
      matrix: KENT,
      existing: [],
      resolver: resolver(),
    });
    const lines = plan.issues.map(describeIssue);
    expect(lines).toEqual([
      expect.stringMatching(
        /^Sheet 'Register' cell C3 \(header "Current Risk Rating"\) warning: CRR2: "All" is not a rating on the Kent.*imported without this current rating/,
      ),
      expect.stringMatching(
        /^Sheet 'Register' cell D3 \(header "Risk Owner"\) warning: CRR2: risk owner "Nobody Known" is not a user of the site: .*add them to the register site.*"owner to confirm"/,
      ),
    ]);
    expect(plan.ready).toBe(true);
    const [crr1, crr2] = plan.rows;
    expect(crr1?.risk.current).toBeUndefined();
    expect(crr1?.risk.currentScoreOnly).toBe(12);
    expect(crr2?.risk.current).toBeUndefined();
    expect(crr2?.risk.currentScoreOnly).toBeUndefined();
    expect(crr2?.risk.owners).toEqual([]);
    expect(crr2?.risk.ownersToConfirm).toEqual(['Nobody Known']);
    expect(plan.unresolvedPeople).toEqual([expect.objectContaining({ name: 'Nobody Known', cells: ['D3'] })]);
    expect(plan.counts.error).toBe(0);
  });
});

describe("the domain's rules in the dry run", () => {
  async function planOf(rows: (string | number)[][]) {
    const file = await readRegisterFile(await workbook(rows), 'x.xlsx');
    if (!file.ok) throw new Error('read');
    const s = suggestMapping(file.value.sheets);
    if (!s.ok) throw new Error('mapping');
    return dryRun({
      file: file.value,
      mapping: s.value.mapping,
      register: 'Corporate',
      matrix: KENT,
      existing: [],
      resolver: resolver(),
    });
  }

  it('warns at the target cell when the target is worse than the current rating, without blocking', async () => {
    const plan = await planOf([
      ['Risk Ref', 'Risk Title', 'Current Risk Rating', 'Target Risk Rating'],
      ['CRR1', 'Safeguarding', '2 x 2 = 4', '4 x 4 = 16'],
    ]);
    expect(plan.issues.map(describeIssue)).toEqual([
      expect.stringMatching(
        /^Sheet 'Register' cell D2 \(header "Target Risk Rating"\) warning: CRR1: The target rating is worse than the current rating/,
      ),
    ]);
    expect(plan.ready).toBe(true);
    expect(plan.counts.create).toBe(1);
  });

  it('refuses a reference the domain does not accept, at its cell, with what is allowed', async () => {
    const plan = await planOf([
      ['Risk Ref', 'Risk Title'],
      ['CRR1!', 'Safeguarding'],
    ]);
    expect(plan.issues.map(describeIssue)).toEqual([
      expect.stringMatching(
        /^Sheet 'Register' cell A2 \(header "Risk Ref"\) error: CRR1!: "CRR1!" is not a reference/,
      ),
    ]);
    expect(plan.ready).toBe(false);
  });

  it('refuses a one-line field over the 255 characters of a Text column in the dry run, at its cell', async () => {
    // A directorate cell that holds a paragraph: the Text column it is stored in takes 255 characters.
    const plan = await planOf([
      ['Risk Ref', 'Risk Title', 'Directorate'],
      ['CRR1', 'Safeguarding', `Children's Services ${'and partners '.repeat(25)}`],
    ]);
    expect(plan.issues.map(describeIssue)).toEqual([
      expect.stringMatching(/^Sheet 'Register' cell C2 \(header "Directorate"\) error: CRR1: .*255/),
    ]);
    expect(plan.ready).toBe(false);
  });
});

describe('council quirks', () => {
  it('joins a risk that runs over a page break, skips repeated headers and keeps HTML lists as clean lists', async () => {
    const fixture = await buildFixture('medway', { rows: 12 });
    const file = await readRegisterFile(fixture.bytes, fixture.fileName);
    if (!file.ok) throw new Error('read');
    const s = suggestMapping(file.value.sheets);
    if (!s.ok) throw new Error('mapping');
    const plan = await dryRun({
      file: file.value,
      mapping: s.value.mapping,
      register: 'People',
      matrix: fixture.matrix,
      existing: [],
      resolver: resolver(),
    });
    const split = plan.rows[3]!;
    expect(split.rows.length).toBeGreaterThanOrEqual(1);
    const joined = plan.rows.find((r) => r.rows.length === 2)!;
    expect(plan.issues).toContainEqual(
      expect.objectContaining({ severity: 'warning', row: joined.rows[1], cell: `A${joined.rows[1]}` }),
    );
    expect(plan.ready).toBe(true);
    expect(joined.risk.controls.length).toBe(
      fixture.expected.find((e) => e.reference === joined.reference)!.controls.length,
    );
    const first = plan.rows[0]!.risk;
    expect(first.controls[0]?.serviceTag).toBe('CSC');
    expect(first.description).toBe(
      'In a landscape of constricting budgets there is a risk that the council may not deliver.',
    );
    for (const r of plan.rows) expect(JSON.stringify(r.risk)).not.toMatch(/<\/?(p|ul|li)\b/);
    expect(plan.rows[1]!.risk.aliases).toEqual(['PH09']);
  });
});
