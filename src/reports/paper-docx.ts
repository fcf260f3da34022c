/**
 * Renders a committee paper as a Word document with real structure: a Title, Heading 1-3 in order, tables
 * whose first row is a repeating header row, band text in every coloured cell (colour is never the only
 * cue, WCAG 1.4.1), the document title and language set. Councils edit the result before it goes to
 * committee, so everything is ordinary Word content, not images.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  PageBreak,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatDate, type CommitteePaper, type RiskSection } from './paper-model';

type Cell = string | { text: string; band?: string; bold?: boolean };

type Styles = Map<string, { colour: string; textColour: string }>;

const hex = (colour: string) => colour.replace(/^#/, '').toUpperCase();

function paragraphs(text: string, options: { bold?: boolean; colour?: string } = {}): Paragraph[] {
  const lines = text.split('\n').filter((l, i, all) => l.trim() !== '' || all.length === 1);
  return (lines.length ? lines : ['']).map(
    (line) =>
      new Paragraph({
        children: [
          new TextRun({
            text: line,
            ...(options.bold ? { bold: true } : {}),
            ...(options.colour ? { color: options.colour } : {}),
          }),
        ],
      }),
  );
}

function cell(content: Cell, styles: Styles, header = false, widthPercent?: number): TableCell {
  const spec = typeof content === 'string' ? { text: content } : content;
  const style = spec.band ? styles.get(spec.band) : undefined;
  return new TableCell({
    children: paragraphs(spec.text, {
      ...(header || spec.bold ? { bold: true } : {}),
      ...(style ? { colour: hex(style.textColour) } : {}),
    }),
    ...(style ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex(style.colour) } } : {}),
    ...(widthPercent ? { width: { size: Math.round(widthPercent * 90), type: WidthType.DXA } } : {}),
  });
}

/** A table whose first row is marked as the header row (repeated on each page, read as headers). */
function table(headers: string[], rows: Cell[][], styles: Styles, widths?: number[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    // Twips of an A4 text width (about 9,000) per percent; a fixed layout makes Word and LibreOffice keep them.
    ...(widths ? { columnWidths: widths.map((w) => Math.round(w * 90)), layout: TableLayoutType.FIXED } : {}),
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: headers.map((h, i) => cell(h, styles, true, widths?.[i])),
      }),
      ...rows.map(
        (r) =>
          new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, styles, false, widths?.[i])) }),
      ),
    ],
  });
}

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ heading: level, children: [new TextRun(text)] });
const text = (t: string) => new Paragraph({ children: [new TextRun(t)] });
const labelled = (label: string, value: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });

function ratingCell(r: { text: string; band?: string }): Cell {
  // The band word is printed even when the notation already has it, so every coloured cell reads alone.
  const words = r.band && !r.text.includes(r.band) ? `${r.text} (${r.band})` : r.text;
  return r.band ? { text: words, band: r.band } : words;
}

function titlePage(paper: CommitteePaper): Paragraph[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(paper.title)] }),
    ...(paper.councilName ? [labelled('Council', paper.councilName)] : []),
    ...(paper.committee ? [labelled('Committee', paper.committee)] : []),
    ...(paper.meetingDate ? [labelled('Meeting date', paper.meetingDate)] : []),
    labelled('Register', paper.register),
    labelled(
      'Period',
      `${paper.period.label} (${formatDate(paper.period.start)} to ${formatDate(paper.period.end)})`,
    ),
    labelled('Risk matrix', paper.matrixName),
    ...(paper.minBand ? [labelled('Risks reported', `${paper.minBand} and above only`)] : []),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

function summary(paper: CommitteePaper, styles: Styles): (Paragraph | Table)[] {
  const total = paper.summary.length;
  const m = paper.movements;
  const counts = paper.bandCounts.map((b) => `${b.band} ${b.count}`).join(', ');
  const unreviewed = paper.notReviewed.length;
  const out: (Paragraph | Table)[] = [
    heading('Summary', HeadingLevel.HEADING_1),
    text(`${total} risk${total === 1 ? ' is' : 's are'} reported for ${paper.period.label}: ${counts}.`),
    ...(unreviewed > 0
      ? [
          text(
            `${unreviewed} of them ${unreviewed === 1 ? 'was' : 'were'} not reviewed this period and ${unreviewed === 1 ? 'is' : 'are'} shown with ${unreviewed === 1 ? 'its' : 'their'} last reviewed rating, marked "not reviewed this period": ${paper.notReviewed.join(', ')}.`,
          ),
        ]
      : []),
    text(
      `Since ${paper.previousPeriodLabel}${unreviewed > 0 ? ', of the risks reviewed this period' : ''}: ${m.up} worse, ${m.down} better, ${m.unchanged} unchanged, ${m.new} new and ${m.merged} merged.`,
    ),
  ];
  if (paper.minBand && paper.excludedCount > 0) {
    out.push(
      text(
        `${paper.excludedCount} further risk${paper.excludedCount === 1 ? ' is' : 's are'} below ${paper.minBand} and not reported.`,
      ),
    );
  }
  out.push(
    table(
      ['Band', 'Number of risks'],
      paper.bandCounts.map((b) => [{ text: b.band, band: b.band }, String(b.count)]),
      styles,
    ),
    heading('Summary risk profile', HeadingLevel.HEADING_2),
    table(
      ['Reference', 'Risk owner', 'Risk title', 'Current rating', 'Target rating', 'Direction of travel'],
      paper.summary.map((r) => [
        r.notReviewed ? `${r.reference} (${r.notReviewed.mark})` : r.reference,
        r.owners,
        r.title,
        ratingCell(r.current),
        ratingCell(r.target),
        r.directionText,
      ]),
      styles,
      [15, 17, 27, 13, 13, 15],
    ),
    heading('Heat map', HeadingLevel.HEADING_2),
    text(
      `Current ratings of the reported risks. Rows are ${paper.heatMap.likelihoodName.toLowerCase()}, most likely first; ` +
        `columns are ${paper.heatMap.impactName.toLowerCase()}, least severe first. Each cell gives its band and the risks in it` +
        (paper.notReviewed.length
          ? '; a risk not reviewed this period is placed by its last reviewed rating and marked so.'
          : '.'),
    ),
    table(
      [`${paper.heatMap.likelihoodName} / ${paper.heatMap.impactName}`, ...paper.heatMap.columns],
      paper.heatMap.rows.map((row) => [
        { text: row.label, bold: true },
        ...row.cells.map((c): Cell => ({
          text: c.references.length
            ? `${c.band}: ${c.references.map((ref) => (c.notReviewed?.[ref] ? `${ref} (${c.notReviewed[ref]})` : ref)).join(', ')}`
            : c.band,
          band: c.band,
        })),
      ]),
      styles,
    ),
  );
  return out;
}

function riskSection(r: RiskSection, styles: Styles): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading(`${r.reference}: ${r.title}`, HeadingLevel.HEADING_2)];
  if (r.notReviewed) {
    const from = r.notReviewed.lastPeriod
      ? 'The ratings below are from that review.'
      : 'No rating has been reviewed.';
    out.push(labelled('Review', `${r.notReviewed.text}. ${from}`));
  }
  if (r.description) out.push(...paragraphs(r.description));
  for (const [label, value] of [
    ['Cause', r.cause],
    ['Risk event', r.event],
    ['Consequence', r.consequence],
  ] as const) {
    if (!value) continue;
    out.push(heading(label, HeadingLevel.HEADING_3), ...paragraphs(value));
  }
  const details: Cell[][] = [
    ['Risk owner', r.owners.join('\n') || 'Not recorded'],
    ['Cabinet member', r.cabinetMembers.join('\n') || 'Not recorded'],
    ...(r.directorate ? [['Directorate', r.directorate] as Cell[]] : []),
    ['Inherent rating', ratingCell(r.inherent)],
    ['Current rating', ratingCell(r.current)],
    ['Target rating', ratingCell(r.target)],
    ['Timescale to target', r.timescaleToTarget || 'Not recorded'],
    ['Risk appetite', r.appetite],
    ['Direction of travel', r.direction],
    ['Review this period', r.outcome],
    ...(r.mergedInto ? [['Merged into', r.mergedInto] as Cell[]] : []),
    ...(r.mergedFrom.length ? [['Merged from', r.mergedFrom.join(', ')] as Cell[]] : []),
    // Fields the field catalogue places on the paper beyond the fixed rows above.
    ...r.details.map((d) => [d.label, d.text] as Cell[]),
  ];
  out.push(
    heading('Rating and ownership', HeadingLevel.HEADING_3),
    table(['Item', 'Detail'], details, styles),
  );
  out.push(heading('Controls', HeadingLevel.HEADING_3));
  if (r.controls.length === 0) out.push(text('No controls are recorded.'));
  else
    out.push(
      table(
        ['Control', 'Control owner'],
        r.controls.map((c) => [c.serviceTag ? `${c.title} (${c.serviceTag})` : c.title, c.owners]),
        styles,
      ),
    );
  out.push(heading('Actions', HeadingLevel.HEADING_3));
  if (r.actions.length === 0) out.push(text('No further actions are recorded.'));
  else
    out.push(
      table(
        ['Action', 'Action owner', 'Planned completion or review', 'Status', 'Progress'],
        r.actions.map((a) => [a.title, a.owners, a.date, a.status, a.progress]),
        styles,
      ),
    );
  out.push(
    heading('Period comment', HeadingLevel.HEADING_3),
    ...paragraphs(r.comment || 'No comment was recorded for this period.'),
  );
  if (r.recordedBy) out.push(labelled('Recorded by', r.recordedBy));
  if (r.history.length > 0) {
    out.push(
      heading('History', HeadingLevel.HEADING_3),
      table(
        ['Period', 'Current rating', 'Review', 'Comment'],
        r.history.map((h) => [
          h.period,
          h.band
            ? { text: h.rating.includes(h.band) ? h.rating : `${h.rating} (${h.band})`, band: h.band }
            : h.rating,
          h.outcome,
          h.comment,
        ]),
        styles,
      ),
    );
  }
  return out;
}

/** The Word document for a paper. */
export function paperDocument(paper: CommitteePaper, language = 'en-GB'): Document {
  const styles: Styles = new Map(
    paper.bandStyles.map((b) => [b.name, { colour: b.colour, textColour: b.textColour }]),
  );
  return new Document({
    title: paper.title,
    subject: `${paper.register}: ${paper.period.label}`,
    description: `Committee risk report for ${paper.register}, ${paper.period.label}, built from the period's review snapshots.`,
    creator: paper.councilName || 'Council Risk Register',
    styles: {
      default: {
        document: {
          run: { font: 'Arial', size: 22, language: { value: language } },
          paragraph: { spacing: { after: 80 } },
        },
        heading1: { paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { paragraph: { spacing: { before: 320, after: 120 } } },
        heading3: { paragraph: { spacing: { before: 200, after: 80 } } },
        title: { run: { font: 'Arial', size: 40, bold: true }, paragraph: { alignment: AlignmentType.LEFT } },
      },
    },
    sections: [
      {
        children: [
          ...titlePage(paper),
          ...summary(paper, styles),
          heading('Risk details', HeadingLevel.HEADING_1),
          ...(paper.risks.length === 0 ? [text('No risks are reported for this period.')] : []),
          ...paper.risks.flatMap((r) => riskSection(r, styles)),
        ],
      },
    ],
  });
}

/** The paper as .docx bytes. */
export async function renderPaperDocx(paper: CommitteePaper, language = 'en-GB'): Promise<Uint8Array> {
  // toArrayBuffer, not toBuffer: the tab builds papers in the browser, which has no Node Buffer.
  return new Uint8Array(await Packer.toArrayBuffer(paperDocument(paper, language)));
}
