/**
 * Which matrix a file's ratings are written in. A council's first import goes into a new register on
 * the default matrix, while its sheet says `BII` (Medway's letters and roman numerals), `Medium (15)`
 * (Kent), `Medium 12` (Gloucestershire), a bare residual score beside an appetite (Cambridgeshire) or
 * impact, likelihood and score in columns (Halton). The file is read on each preset exactly as the
 * import will read it (`parseRows`), and the preset that reads the most ratings with the fewest
 * problems, in the notation it prints, is proposed. Nothing is changed here: the wizard asks, the CLI
 * takes `--matrix`, and `adoptMatrix` sets it through the register's matrix-change path (audited).
 */
import { proposeMapping } from '../domain/matrix-change';
import { PRESETS } from '../domain/presets';
import type { RatingNotation, RiskMatrix } from '../domain/types';
import type { Actor, RegisterStore } from '../ports';
import type { ImportField } from './columns';
import { htmlToText } from './html-text';
import type { ColumnMapping } from './mapping';
import type { ReadFile } from './read-file';
import { parseRows } from './rows';

/** How well one matrix reads the file's ratings. */
export type MatrixFit = {
  matrix: RiskMatrix;
  /** Rating slots read (a cell or a score without one). */
  read: number;
  /** Rating problems (unreadable text, a score no cell has, a band that disagrees). */
  problems: number;
  /** Rating cells written in the matrix's own notation. */
  inNotation: number;
};

export type MatrixProposal = {
  /** The preset to propose; undefined when the register's matrix already reads the file as well. */
  preset?: RiskMatrix;
  /** The register's matrix and the best preset, as read (for the reason shown). */
  current: MatrixFit;
  best: MatrixFit;
  /** Up to three rating texts from the file, as printed: what the proposal is based on. */
  examples: string[];
  /** One sentence for the person: why the preset fits (or why none is proposed). */
  reason: string;
};

const tierFields: ImportField[] = (['inherent', 'current', 'target'] as const).flatMap((t) => [
  `${t}Rating` as const,
  `${t}Likelihood` as const,
  `${t}Impact` as const,
]);

/** The id of the matrix a new register gets (src/sharepoint/settings-codec.ts `defaultMatrix`). */
const productDefaultMatrixId = 'default-5x5';

const ratingField = /^(inherent|current|target)/;

/** The notation a rating text is written in, by its shape; undefined for text no notation has. */
export function notationOfText(text: string): RatingNotation | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  if (/^[A-Ea-e]\s*(I{1,3}|IV)$/.test(t)) return 'codes';
  if (/^[A-Za-z][A-Za-z -]*\(\s*\d+\s*\)$/.test(t)) return 'band-bracket-score';
  if (/^[A-Za-z][A-Za-z -]*\s\d+$/.test(t)) return 'band-score';
  if (/^\d+ \d+ \d+$/.test(t)) return 'impact-likelihood-score';
  if (/^\d+\s*[x×*]\s*\d+(\s*=\s*\d+)?$/i.test(t) || /^\d+$/.test(t)) return 'product';
  return undefined;
}

/** The rating texts of the mapped sheet's rows (each rating column), as printed. */
function ratingTexts(file: ReadFile, mapping: ColumnMapping): { texts: string[]; parts: boolean } {
  const sheet = file.sheets.find((s) => s.name === mapping.sheet);
  const columns = tierFields
    .map((f) => [f, mapping.columns[f]] as const)
    .filter((e): e is readonly [ImportField, number] => e[1] !== undefined);
  const texts: string[] = [];
  for (const row of sheet?.rows.slice(mapping.headerRow) ?? [])
    for (const [, c] of columns) {
      const t = htmlToText(row[c] ?? '').trim();
      if (t) texts.push(t);
    }
  // Impact and likelihood in columns of their own: Halton prints them so (`4 | 3 | 12`).
  const parts =
    columns.some(([f]) => f.endsWith('Likelihood')) && columns.some(([f]) => f.endsWith('Impact'));
  return { texts, parts };
}

/** Reads the file's ratings on `matrix` as the import will. */
export function fitOf(file: ReadFile, mapping: ColumnMapping, matrix: RiskMatrix, register = ''): MatrixFit {
  const sheet = file.sheets.find((s) => s.name === mapping.sheet);
  if (!sheet) return { matrix, read: 0, problems: 0, inNotation: 0 };
  const drafts = parseRows(sheet, mapping, { matrix, register });
  let read = 0;
  let problems = 0;
  for (const d of drafts) {
    for (const tier of ['inherent', 'current', 'target'] as const)
      if (d.risk[tier] || d.risk[`${tier}ScoreOnly`] !== undefined) read++;
    problems += d.issues.filter((i) => ratingField.test(i.field)).length;
  }
  const { texts, parts } = ratingTexts(file, mapping);
  const inNotation = texts.filter((t) => {
    const n = notationOfText(t);
    // Numbers in impact and likelihood columns of their own are Halton's notation, not a product.
    if (parts && /^\d+$/.test(t)) return matrix.notation === 'impact-likelihood-score';
    return n === matrix.notation;
  }).length;
  return { matrix, read, problems, inNotation };
}

/** Whether `a` reads the file better than `b`: fewer problems, then more ratings, then its own notation. */
function better(a: MatrixFit, b: MatrixFit): boolean {
  if (a.problems !== b.problems) return a.problems < b.problems;
  if (a.read !== b.read) return a.read > b.read;
  return a.inNotation > b.inNotation;
}

/**
 * The preset that reads the file's ratings best, proposed when it reads them better than the
 * register's own matrix. Registers on their own (edited) matrix that read the file as well keep it.
 */
export function proposeMatrix(file: ReadFile, mapping: ColumnMapping, current: RiskMatrix): MatrixProposal {
  const fits = PRESETS.map((p) => fitOf(file, mapping, p));
  const best = fits.reduce((a, b) => (better(b, a) ? b : a));
  const own = fits.find((f) => f.matrix.id === current.id) ?? fitOf(file, mapping, current);
  const examples = [...new Set(ratingTexts(file, mapping).texts)].slice(0, 3);
  const shown = examples.map((e) => `"${e}"`).join(', ');
  if (own.read + own.problems === 0 && best.read === 0)
    return { current: own, best, examples, reason: 'The file has no ratings to read.' };
  // A register still on the product's default matrix has not chosen one: a preset that reads the file
  // as well and in its own notation is the council's.
  const unchosen = current.id === productDefaultMatrixId && best.inNotation > 0 && !better(own, best);
  if (best.matrix.id === current.id || (!better(best, own) && !unchosen))
    return {
      current: own,
      best,
      examples,
      reason: `The register's ${current.name} matrix reads the file's ratings (${shown}).`,
    };
  return {
    // Plain data; a copy the caller may keep (jsdom and older WebViews lack structuredClone).
    preset: JSON.parse(JSON.stringify(best.matrix)) as RiskMatrix,
    current: own,
    best,
    examples,
    reason:
      `The file's ratings (${shown}) are written as the ${best.matrix.name} matrix writes them: it reads ` +
      `${best.read} rating(s) with ${best.problems} problem(s), the register's ${current.name} matrix ` +
      `${own.read} with ${own.problems}.`,
  };
}

/**
 * Why the register's matrix may not be changed by an import, or undefined when it may: only a register
 * with no risks yet takes a new matrix from a file. A register with risks is changed from Settings, which
 * previews the change and maps the ratings it already has.
 */
export function matrixChangeRefusal(
  register: string,
  current: RiskMatrix,
  wanted: RiskMatrix,
  riskCount: number,
): string | undefined {
  if (current.id === wanted.id || riskCount === 0) return undefined;
  return (
    `Register ${register} already has ${riskCount} risk(s) rated on the ${current.name} matrix, so an import ` +
    `cannot change it to ${wanted.name}: its ratings would be re-read on another scale. Change the matrix in ` +
    `the tab's Settings (it previews the change and maps the existing ratings), then import again; or ` +
    `import into a new, empty register.`
  );
}

/**
 * Sets an empty register's matrix to `preset` through the register's matrix-change path (the settings
 * write is audited and the replaced matrix kept in the history) before anything is imported. Refused,
 * with nothing written, when the register has risks on another matrix.
 */
export async function adoptMatrix(
  store: Pick<RegisterStore, 'getSettings' | 'changeMatrix'>,
  register: string,
  preset: RiskMatrix,
  riskCount: number,
  actor: Actor,
): Promise<RiskMatrix> {
  const settings = await store.getSettings(register);
  if (settings.matrix.id === preset.id) return settings.matrix;
  const refusal = matrixChangeRefusal(register, settings.matrix, preset, riskCount);
  if (refusal) throw new Error(refusal);
  const { etag, id: _id, modified: _modified, ...rest } = settings;
  const result = await store.changeMatrix(
    { settings: { ...rest, matrix: preset }, etag, mapping: proposeMapping(settings.matrix, preset) },
    actor,
  );
  return result.settings.matrix;
}
