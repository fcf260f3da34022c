/**
 * A structural accessibility check of a .docx, after the parts of WCAG and the Public Sector Bodies
 * Accessibility Regulations that a document's structure decides: a document title and language, real
 * headings that start at level 1 and never skip a level, tables whose first row is a marked header row,
 * text in every shaded (coloured) cell so colour is never the only cue, and that text at a contrast of at
 * least 4.5:1 on the cell's fill (WCAG 1.4.3, by relative luminance; text with no colour set is Word's
 * automatic colour, black on a light fill and white on a dark one).
 */
import JSZip from 'jszip';

/** WCAG 1.4.3 (AA) for text of normal size. */
const minContrast = 4.5;

export type DocxProblem = { rule: string; detail: string };

export type DocxStructure = {
  title: string;
  language: string | undefined;
  headings: { level: number; text: string }[];
  tables: {
    headerRow: boolean;
    rows: number;
    shadedEmptyCells: number;
    firstRow: string[];
    /** Every shaded cell: its fill, the colour of each run of text in it, and its text. */
    shadedCells: { fill: string; textColours: string[]; text: string }[];
  }[];
};

/** WCAG 2 relative luminance of `RRGGBB`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** WCAG contrast ratio of two `RRGGBB` colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const shadeFill = /<w:shd\b[^>]*w:fill="([0-9A-Fa-f]{6})"/;

const textOf = (xml: string): string =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1])
    .join('')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");

/** Reads the parts of a .docx the check needs. */
export async function readDocxStructure(bytes: Uint8Array): Promise<DocxStructure> {
  const zip = await JSZip.loadAsync(bytes);
  const doc = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const title = /<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1] ?? '';
  const language = /<w:lang\b[^>]*w:val="([^"]+)"/.exec(styles)?.[1];
  const body = doc.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (t) => t.replace(/<w:p\b/g, '<w:tp'));
  const headings = [...body.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)]
    .map((m) => {
      const style = /<w:pStyle w:val="([^"]+)"/.exec(m[1] ?? '')?.[1] ?? '';
      const level = style === 'Title' ? 0 : /^Heading(\d)$/.exec(style) ? Number(style.slice(7)) : -1;
      return { level, text: textOf(m[1] ?? '') };
    })
    .filter((h) => h.level >= 0);
  const tables = [...doc.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => {
    const rows = [...(m[1] ?? '').matchAll(/<w:tr\b[^>]*>([\s\S]*?)<\/w:tr>/g)].map((r) => r[1] ?? '');
    const cells = rows.flatMap((r) => [...r.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => c[1] ?? ''));
    const shadedEmptyCells = cells.filter(
      (c) => /<w:shd\b[^>]*w:fill="(?!auto|FFFFFF)[0-9A-Fa-f]{6}"/.test(c) && textOf(c).trim() === '',
    ).length;
    const first = rows[0] ?? '';
    const shadedCells = cells.flatMap((c) => {
      const fill = shadeFill.exec(c)?.[1]?.toUpperCase();
      if (!fill || fill === 'FFFFFF') return [];
      const runs = [...c.matchAll(/<w:r\b[^>]*>([\s\S]*?)<\/w:r>/g)].map((r) => r[1] ?? '');
      const textColours = runs
        .filter((r) => textOf(r).trim() !== '')
        .map((r) => {
          const colour = /<w:color w:val="([0-9A-Fa-f]{6}|auto)"/.exec(r)?.[1]?.toUpperCase();
          // Word's automatic colour is black on a light fill, white on a dark one.
          if (!colour || colour === 'AUTO') return luminance(fill) > 0.179 ? '000000' : 'FFFFFF';
          return colour;
        });
      return [{ fill, textColours, text: textOf(c) }];
    });
    return {
      shadedCells,
      headerRow: /<w:tblHeader\s*\/>|<w:tblHeader w:val="(true|1|on)"\s*\/>/.test(first),
      rows: rows.length,
      shadedEmptyCells,
      firstRow: [...first.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => textOf(c[1] ?? '')),
    };
  });
  return { title, language, headings, tables };
}

/** Every problem found; empty when the document passes. */
export async function checkDocxAccessibility(bytes: Uint8Array): Promise<DocxProblem[]> {
  const s = await readDocxStructure(bytes);
  const problems: DocxProblem[] = [];
  if (!s.title.trim())
    problems.push({ rule: 'document title', detail: 'docProps/core.xml has no dc:title.' });
  if (!s.language)
    problems.push({ rule: 'document language', detail: 'the default run properties set no w:lang.' });
  const levels = s.headings.filter((h) => h.level > 0);
  if (levels.length === 0)
    problems.push({ rule: 'headings', detail: 'the document has no Heading 1-6 paragraphs.' });
  if (levels[0] && levels[0].level !== 1)
    problems.push({
      rule: 'heading order',
      detail: `the first heading "${levels[0].text}" is level ${levels[0].level}, not 1.`,
    });
  levels.forEach((h, i) => {
    const before = levels[i - 1];
    if (before && h.level > before.level + 1) {
      problems.push({
        rule: 'heading order',
        detail: `"${h.text}" (level ${h.level}) follows "${before.text}" (level ${before.level}).`,
      });
    }
    if (!h.text.trim()) problems.push({ rule: 'headings', detail: `heading ${i + 1} is empty.` });
  });
  s.tables.forEach((t, i) => {
    if (!t.headerRow)
      problems.push({
        rule: 'table headers',
        detail: `table ${i + 1} (${t.firstRow.join(' | ')}) has no header row marked.`,
      });
    if (t.shadedEmptyCells > 0)
      problems.push({
        rule: 'colour alone',
        detail: `table ${i + 1} has ${t.shadedEmptyCells} coloured cell(s) without text.`,
      });
    for (const c of t.shadedCells) {
      for (const colour of new Set(c.textColours)) {
        const ratio = contrast(c.fill, colour);
        if (ratio < minContrast)
          problems.push({
            rule: 'text contrast',
            detail: `table ${i + 1}: "${c.text}" is #${colour} on #${c.fill}, contrast ${ratio.toFixed(2)}:1 (needs ${minContrast}:1).`,
          });
      }
    }
  });
  return problems;
}
