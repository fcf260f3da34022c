import mammoth from 'mammoth';
import {
  Document,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  HeadingLevel,
} from 'docx';
import { buildPaper, renderPaperDocx } from '../../src/reports';
import { readableTextColour } from '../../src/reports/paper-model';
import type { PeriodSnapshot, Risk } from '../../src/domain/types';
import { checkDocxAccessibility, contrast, readDocxStructure } from './docx-accessibility';
import { Q3, Q4, risks, settings, snapshots } from './demo-register';
import { periodById } from '../../src/domain/periods';

const q4 = (() => {
  const p = periodById(Q4);
  if (!p.ok) throw new Error('bad period');
  return p.value;
})();

const paper = (options = {}) =>
  buildPaper({
    settings,
    period: q4,
    risks,
    snapshots,
    options: { committee: 'Cabinet Committee', ...options },
  });

async function docText(bytes: Uint8Array): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
}

describe('the committee paper', () => {
  it('summarises bands and movements from the period snapshots, not the live ratings', () => {
    const p = paper();
    expect(p.summary.map((r) => r.reference)).toEqual([
      'CRR0001',
      'CRR0056',
      'CRR0057',
      'CRR0060',
      'CRR0061',
      'CRR0062',
      'CRR0070',
    ]);
    expect(p.bandCounts).toEqual([
      { band: 'Low', count: 2 },
      { band: 'Medium', count: 1 },
      { band: 'High', count: 3 },
    ]);
    // CRR0062 and CRR0070 were not reviewed in Q4: counted apart, not as "unchanged".
    expect(p.movements).toEqual({ up: 1, down: 1, unchanged: 1, new: 1, merged: 1 });
    expect(p.notReviewed).toEqual(['CRR0062', 'CRR0070']);
    const crr56 = p.summary.find((r) => r.reference === 'CRR0056')!;
    expect(crr56.current.text).toBe('High (25)');
    expect(crr56.target.text).toBe('Low (6)');
    expect(crr56.directionText).toContain('Worse');
    // The live risk says 5x5 for CRR0056 too, but a snapshot decides: change the live rating and nothing moves.
    const edited = risks.map((r) =>
      r.reference === 'CRR0001' ? { ...r, current: { likelihood: 1, impact: 1 } } : r,
    );
    const again = buildPaper({ settings, period: q4, risks: edited, snapshots });
    expect(again.summary.find((r) => r.reference === 'CRR0001')?.current.text).toBe('Medium (15)');
  });

  it('reports only risks at or above a band when asked, and counts the rest', () => {
    const p = paper({ minBand: 'High' });
    expect(p.summary.map((r) => r.reference)).toEqual(['CRR0056', 'CRR0057', 'CRR0061']);
    // CRR0070 has never been rated, so it is in no band at or above High.
    expect(p.excludedCount).toBe(4);
    expect(() => paper({ minBand: 'Severe' })).toThrow(
      /"Severe" is not a band of the Kent corporate 5x5 matrix.*Low, Medium, High/,
    );
  });

  it('places each reported risk in its heat map cell, and every cell names its band', () => {
    const map = paper().heatMap;
    expect(map.rows.map((r) => r.label)[0]).toBe('Very Likely (5)');
    expect(map.columns[0]).toBe('Minor (1)');
    const veryLikelyMajor = map.rows[0]!.cells[4]!;
    expect(veryLikelyMajor).toEqual({ band: 'High', references: ['CRR0056'] });
    expect(map.rows.flatMap((r) => r.cells).every((c) => c.band.length > 0)).toBe(true);
  });

  it('writes a .docx whose text holds every reported risk with its sections', async () => {
    const p = paper();
    const text = await docText(await renderPaperDocx(p));
    for (const r of p.summary) {
      expect(text).toContain(r.reference);
      expect(text).toContain(r.title);
    }
    expect(text).toContain('Example County Council');
    expect(text).toContain('Cabinet Committee');
    expect(text).toContain('Q4 2023/24');
    expect(text).toContain('Medium (15)');
    expect(text).toContain('Board oversight of CRR0001');
    expect(text).toContain('Improvement plan for CRR0056');
    expect(text).toContain('30 June 2024');
    expect(text).toContain('Merged from');
    expect(text).toContain('Demand rose sharply; <b>score raised</b> = worse.');
    expect(text).toContain(
      'Since Q3 2023/24, of the risks reviewed this period: 1 worse, 1 better, 1 unchanged, 1 new and 1 merged.',
    );
    expect(text).toContain('CRR0070: Risk with no review recorded');
  });

  it('leaves out the risks below the chosen band in the document too', async () => {
    const text = await docText(await renderPaperDocx(paper({ minBand: 'high' })));
    expect(text).toContain('CRR0056');
    expect(text).not.toContain('Workforce recruitment and retention');
    expect(text).toContain('4 further risks are below High and not reported.');
  });

  it('passes the structural accessibility check: title, language, ordered headings, header rows, text in coloured cells', async () => {
    const bytes = await renderPaperDocx(paper());
    expect(await checkDocxAccessibility(bytes)).toEqual([]);
    const s = await readDocxStructure(bytes);
    expect(s.language).toBe('en-GB');
    expect(s.title).toBe('Corporate risk register: Q4 2023/24');
    expect(s.headings[0]).toEqual({ level: 0, text: 'Corporate risk register: Q4 2023/24' });
    expect(s.headings.filter((h) => h.level === 2).map((h) => h.text)).toContain(
      'CRR0056: SEND delivery improvement and high needs funding shortfall',
    );
    expect(s.tables.length).toBeGreaterThan(10);
  });

  it('the accessibility check fails a document without header rows, headings in order or text in coloured cells', async () => {
    const bad = new Document({
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Skipped level one')] }),
            new Table({
              rows: [
                new TableRow({ children: [new TableCell({ children: [new Paragraph('Band')] })] }),
                new TableRow({
                  children: [new TableCell({ shading: { fill: 'D4351C' }, children: [new Paragraph('')] })],
                }),
              ],
            }),
          ],
        },
      ],
    });
    const problems = await checkDocxAccessibility(new Uint8Array(await Packer.toBuffer(bad)));
    expect(problems.map((p) => p.rule).sort()).toEqual([
      'colour alone',
      'document language',
      'document title',
      'heading order',
      'table headers',
    ]);
  });

  it('reports a risk not reviewed this period with its last reviewed rating, marked, dated and counted', async () => {
    // CRR0099 was rated High 20 in Q3 and nobody has answered for Q4; its live rating was edited since.
    const unreviewed: Risk = {
      ...risks[0]!,
      reference: 'CRR0099',
      title: 'Adult social care market failure',
      current: { likelihood: 1, impact: 1 },
    };
    const q3: PeriodSnapshot = {
      riskReference: 'CRR0099',
      periodId: Q3,
      inherent: { likelihood: 5, impact: 5 },
      current: { likelihood: 4, impact: 5 },
      target: { likelihood: 2, impact: 3 },
      currentScore: 20,
      comment: 'Two providers have exited the market.',
      recordedBy: { name: 'Sarah Hammond' },
      recordedAt: '2023-12-12T10:00:00.000Z',
      source: 'card',
      outcome: 'confirmed',
    };
    const p = buildPaper({
      settings,
      period: q4,
      risks: [...risks, unreviewed],
      snapshots: [...snapshots, q3],
    });
    const row = p.summary.find((r) => r.reference === 'CRR0099');
    expect(row?.current.text).toBe('High (20)');
    expect(row?.notReviewed).toEqual({
      lastReviewed: '12 December 2023',
      lastPeriod: 'Q3 2023/24',
      text: 'Not reviewed this period; last reviewed on 12 December 2023 for Q3 2023/24',
      mark: 'not reviewed this period; last reviewed 12 December 2023',
    });
    expect(p.notReviewed).toEqual(['CRR0062', 'CRR0070', 'CRR0099']);
    expect(p.bandCounts.find((b) => b.band === 'High')?.count).toBe(4);
    const cell = p.heatMap.rows[1]!.cells[4]!;
    expect(cell.references).toEqual(['CRR0061', 'CRR0099']);
    expect(cell.notReviewed).toEqual({ CRR0099: 'not reviewed this period; last reviewed 12 December 2023' });
    const section = p.risks.find((r) => r.reference === 'CRR0099');
    expect(section?.current.text).toBe('High (20)');
    expect(section?.outcome).toBe(row?.notReviewed?.text);
    expect(section?.history.map((h) => h.period)).toEqual(['Q3 2023/24']);

    const bytes = await renderPaperDocx(p);
    expect(await checkDocxAccessibility(bytes)).toEqual([]);
    const text = await docText(bytes);
    expect(text).toContain('CRR0099 (not reviewed this period; last reviewed 12 December 2023)');
    expect(text).toContain(
      'High: CRR0061, CRR0099 (not reviewed this period; last reviewed 12 December 2023)',
    );
    expect(text).toContain('CRR0099: Adult social care market failure');
    expect(text).toContain(
      'Not reviewed this period; last reviewed on 12 December 2023 for Q3 2023/24. The ratings below are from that review.',
    );
    expect(text).toContain('8 risks are reported for Q4 2023/24');
    expect(text).toContain('3 of them were not reviewed this period');
  });

  it('prints band text at 4.5:1 or more whatever text colour the stored band has', async () => {
    // A band stored with white text on yellow (1.35:1), as a settings edit can leave it.
    const washed = {
      ...settings,
      matrix: {
        ...settings.matrix,
        bands: settings.matrix.bands.map((b) =>
          b.id === 'medium' ? { ...b, colour: '#ffdd00', textColour: '#ffffff' } : b,
        ),
      },
    };
    const p = buildPaper({ settings: washed, period: q4, risks, snapshots });
    expect(p.bandStyles.find((b) => b.name === 'Medium')?.textColour).toBe('#000000');
    // A band whose own text colour passes keeps it.
    expect(p.bandStyles.find((b) => b.name === 'High')?.textColour).toBe('#ffffff');
    expect(readableTextColour('#00703c', '#00703c')).toBe('#ffffff');
    expect(readableTextColour('#ffdd00', '#0b0c0c')).toBe('#0b0c0c');
    const bytes = await renderPaperDocx(p);
    expect(await checkDocxAccessibility(bytes)).toEqual([]);
    const cells = (await readDocxStructure(bytes)).tables.flatMap((t) => t.shadedCells);
    // Summary table, band counts, heat map and details all have coloured cells, each checked.
    expect(cells.filter((c) => c.fill === 'FFDD00').length).toBeGreaterThan(10);
    for (const c of cells) {
      expect(c.textColours.length).toBeGreaterThan(0);
      for (const colour of c.textColours) expect(contrast(c.fill, colour)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('the accessibility check fails white text on a yellow band cell', async () => {
    const cellDoc = (colour: string) =>
      new Document({
        title: 'Bands',
        styles: { default: { document: { run: { language: { value: 'en-GB' } } } } },
        sections: [
          {
            children: [
              new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Bands')] }),
              new Table({
                rows: [
                  new TableRow({
                    tableHeader: true,
                    children: [new TableCell({ children: [new Paragraph('Band')] })],
                  }),
                  new TableRow({
                    children: [
                      new TableCell({
                        shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'FFDD00' },
                        children: [
                          new Paragraph({ children: [new TextRun({ text: 'Medium', color: colour })] }),
                        ],
                      }),
                    ],
                  }),
                ],
              }),
            ],
          },
        ],
      });
    const check = async (colour: string) =>
      checkDocxAccessibility(new Uint8Array(await Packer.toBuffer(cellDoc(colour))));
    expect(await check('FFFFFF')).toEqual([
      {
        rule: 'text contrast',
        detail: 'table 1: "Medium" is #FFFFFF on #FFDD00, contrast 1.35:1 (needs 4.5:1).',
      },
    ]);
    expect(await check('0B0C0C')).toEqual([]);
  });
});
