/**
 * Ratings written in each council's own notation (`BII`, `Medium (15)`, `Medium 12`, `4 x 3 = 12`,
 * `4 3 12`), band name and colours, and a text alternative that never relies on colour (WCAG 1.4.1).
 */
import { DomainError } from './errors';
import { bandForScore, bandOf, checkRating, levelOf, scaleOf, scoreOf, type Axis } from './matrix';
import type { ParsedRating } from './rating-parser';
import type { Band, Rating, RiskMatrix, ScaleLevel } from './types';

function levels(matrix: RiskMatrix, rating: Rating): { l: ScaleLevel; i: ScaleLevel; band: Band } {
  const errors = checkRating(matrix, rating);
  const l = levelOf(matrix.likelihood, rating.likelihood);
  const i = levelOf(matrix.impact, rating.impact);
  const band = bandOf(matrix, rating);
  if (errors.length > 0 || !l || !i) throw new DomainError(errors);
  if (!band) {
    throw new DomainError([
      {
        record: matrix.id,
        field: 'bands',
        value: rating,
        message: `The ${matrix.name} matrix has no band for likelihood ${l.code}, impact ${i.code}; fix the matrix's bands.`,
      },
    ]);
  }
  return { l, i, band };
}

/**
 * A rating in the matrix's notation. Throws DomainError (with field, value and allowed levels) when the
 * rating is not on the matrix; check it with `checkRating` first when it comes from user input.
 */
export function formatRating(matrix: RiskMatrix, rating: Rating): string {
  const { l, i, band } = levels(matrix, rating);
  const score = scoreOf(matrix, rating);
  switch (matrix.notation) {
    case 'codes':
      return `${l.code}${i.code}`;
    case 'band-bracket-score':
      return `${band.name} (${score})`;
    case 'band-score':
      return `${band.name} ${score}`;
    case 'product':
      return `${l.code} x ${i.code} = ${score}`;
    case 'impact-likelihood-score':
      return `${i.code} ${l.code} ${score}`;
  }
}

/**
 * A score on its own (Gloucestershire's summary `Medium 12`, Cambridgeshire's residual level `15`), in
 * the matrix's notation where the notation can show a score without a cell. Matrices that band by
 * cell or write codes cannot band a bare score, so the number is shown alone.
 */
export function formatScore(matrix: RiskMatrix, score: number): string {
  const band = matrix.bandRule.kind === 'score' ? bandForScore(matrix, score) : undefined;
  if (band && matrix.notation === 'band-bracket-score') return `${band.name} (${score})`;
  if (band && matrix.notation === 'band-score') return `${band.name} ${score}`;
  return String(score);
}

/** A parsed rating written back: a cell in full notation, a score as `formatScore`, a level as `formatLevel`. */
export function formatParsedRating(matrix: RiskMatrix, parsed: ParsedRating): string {
  switch (parsed.kind) {
    case 'cell':
      return formatRating(matrix, parsed.rating);
    case 'score':
      if (matrix.notation === 'band-bracket-score') return `${parsed.band.name} (${parsed.score})`;
      if (matrix.notation === 'band-score') return `${parsed.band.name} ${parsed.score}`;
      return String(parsed.score);
    case 'level':
      return formatLevel(parsed.level);
  }
}

/** One scale level as Kent prints it: `Possible (3)`; codes that are not numbers as `B High`. */
export function formatLevel(level: ScaleLevel): string {
  return /^\d+$/.test(level.code) ? `${level.label} (${level.code})` : `${level.code} ${level.label}`;
}

/** The level of one axis of a rating, formatted; throws DomainError when it is not on the scale. */
export function formatAxis(matrix: RiskMatrix, axis: Axis, value: number): string {
  const level = levelOf(scaleOf(matrix, axis), value);
  if (!level) throw new DomainError(checkRating(matrix, { likelihood: 1, impact: 1, [axis]: value }));
  return formatLevel(level);
}

/** What a badge needs: the band's name and colours. Undefined when the rating has no band. */
export function bandDisplay(
  matrix: RiskMatrix,
  rating: Rating,
): { id: string; name: string; colour: string; textColour: string } | undefined {
  const band = bandOf(matrix, rating);
  return band
    ? { id: band.id, name: band.name, colour: band.colour, textColour: band.textColour }
    : undefined;
}

/**
 * The rating in words for screen readers and plain-text output, e.g.
 * `High, score 16: likelihood 4 Likely, impact 4 Serious`. Cell-table matrices (Medway) do not use a
 * score, so it is left out: `High: likelihood B High, impact II Major`.
 */
export function accessibleRatingText(matrix: RiskMatrix, rating: Rating): string {
  const { l, i, band } = levels(matrix, rating);
  const score = matrix.bandRule.kind === 'score' ? `, score ${scoreOf(matrix, rating)}` : '';
  return `${band.name}${score}: likelihood ${l.code} ${l.label}, impact ${i.code} ${i.label}`;
}
