import mammoth from 'mammoth';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, HeadingLevel } from 'docx';
import { buildPaper, renderPaperDocx } from '../../src/reports';
import { checkDocxAccessibility, readDocxStructure } from './docx-accessibility';
import { Q4, risks, settings, snapshots } from './demo-register';
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
    ]);
    expect(p.bandCounts).toEqual([
      { band: 'Low', count: 2 },
      { band: 'Medium', count: 1 },
      { band: 'High', count: 3 },
    ]);
    expect(p.movements).toEqual({ up: 1, down: 1, unchanged: 2, new: 1, merged: 1 });
    expect(p.withoutSnapshot).toEqual(['CRR0070']);
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
    expect(p.excludedCount).toBe(3);
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
    expect(text).toContain('Since Q3 2023/24: 1 worse, 1 better, 2 unchanged, 1 new and 1 merged.');
    expect(text).not.toContain('Risk with no review recorded');
  });

  it('leaves out the risks below the chosen band in the document too', async () => {
    const text = await docText(await renderPaperDocx(paper({ minBand: 'high' })));
    expect(text).toContain('CRR0056');
    expect(text).not.toContain('Workforce recruitment and retention');
    expect(text).toContain('3 further risks are below High and not reported.');
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
});
