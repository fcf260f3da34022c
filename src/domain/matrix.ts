/**
 * Scoring on a configurable risk matrix: score = likelihood x impact on scale values, and the band of a
 * cell by score range or by an explicit cell table. Ratings are scale `value`s (1 = least severe), so a
 * matrix whose codes run from most to least severe (Medway's A and I) scores like any other.
 */
import type { Band, FieldError, Rating, RiskMatrix, Scale, ScaleLevel } from './types';

/** The two axes of a matrix, as field names in errors and accessible text. */
export type Axis = 'likelihood' | 'impact';

/** Key of a cell in a `cells` band rule: `${likelihoodValue}x${impactValue}`. */
export function cellKey(likelihood: number, impact: number): string {
  return `${likelihood}x${impact}`;
}

/** The scale level with this value, or undefined when the value is not on the scale. */
export function levelOf(scale: Scale, value: number): ScaleLevel | undefined {
  return scale.levels.find((level) => level.value === value);
}

/** The likelihood or impact scale of a matrix. */
export function scaleOf(matrix: RiskMatrix, axis: Axis): Scale {
  return axis === 'likelihood' ? matrix.likelihood : matrix.impact;
}

/** Score of a rating: likelihood value x impact value. */
export function scoreOf(_matrix: RiskMatrix, rating: Rating): number {
  return rating.likelihood * rating.impact;
}

/** Highest score the matrix can produce (most severe likelihood x most severe impact). */
export function maxScore(matrix: RiskMatrix): number {
  return maxValue(matrix.likelihood) * maxValue(matrix.impact);
}

function maxValue(scale: Scale): number {
  return scale.levels.reduce((max, level) => Math.max(max, level.value), 0);
}

/** Every score some cell of the matrix produces, ascending (no product of two 1-5 values is 7). */
export function attainableScores(matrix: RiskMatrix): number[] {
  const scores = new Set<number>();
  for (const rating of allRatings(matrix)) scores.add(scoreOf(matrix, rating));
  return [...scores].sort((a, b) => a - b);
}

/** Every cell of the matrix, likelihood-major, least severe first. */
export function allRatings(matrix: RiskMatrix): Rating[] {
  const cells: Rating[] = [];
  for (const l of matrix.likelihood.levels) {
    for (const i of matrix.impact.levels) cells.push({ likelihood: l.value, impact: i.value });
  }
  return cells;
}

/** Errors when a rating's values are not on the matrix's scales; empty when the rating is usable. */
export function checkRating(
  matrix: RiskMatrix,
  rating: Rating,
  field = 'rating',
  record?: string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const axis of ['likelihood', 'impact'] as const) {
    const scale = scaleOf(matrix, axis);
    const value = rating[axis];
    if (!Number.isInteger(value) || levelOf(scale, value) === undefined) {
      errors.push({
        ...(record === undefined ? {} : { record }),
        field: `${field}.${axis}`,
        value,
        allowed: scale.levels.map((level) => `${level.value} (${level.code} ${level.label})`),
        message: `${capitalise(axis)} ${String(value)} is not on the ${matrix.name} ${axis} scale; choose one of its levels.`,
      });
    }
  }
  return errors;
}

/** The band whose score range holds `score`, for score-rule matrices; undefined when none does. */
export function bandForScore(matrix: RiskMatrix, score: number): Band | undefined {
  return matrix.bands.find(
    (band) =>
      band.minScore !== undefined &&
      band.maxScore !== undefined &&
      score >= band.minScore &&
      score <= band.maxScore,
  );
}

/** A band by its id. */
export function bandById(matrix: RiskMatrix, id: string): Band | undefined {
  return matrix.bands.find((band) => band.id === id);
}

/**
 * The band of a rating: by score range (`score` rule) or by the cell table (`cells` rule). Undefined only
 * when the rating is off the scales or the matrix is invalid; `validateMatrix` and `checkRating` say which.
 */
export function bandOf(matrix: RiskMatrix, rating: Rating): Band | undefined {
  if (checkRating(matrix, rating).length > 0) return undefined;
  if (matrix.bandRule.kind === 'score') return bandForScore(matrix, scoreOf(matrix, rating));
  const id = matrix.bandRule.cells[cellKey(rating.likelihood, rating.impact)];
  return id === undefined ? undefined : bandById(matrix, id);
}

/** Position of a band in `matrix.bands`, which lists bands least severe first; -1 when unknown. */
export function bandRank(matrix: RiskMatrix, band: Band | undefined): number {
  return band === undefined ? -1 : matrix.bands.findIndex((b) => b.id === band.id);
}

/**
 * Orders two ratings by severity: band first (a cell-table matrix may put a lower product in a higher
 * band), then score. Negative when `a` is less severe than `b`, 0 when equally severe.
 */
export function compareSeverity(matrix: RiskMatrix, a: Rating, b: Rating): number {
  const byBand = bandRank(matrix, bandOf(matrix, a)) - bandRank(matrix, bandOf(matrix, b));
  return byBand !== 0 ? byBand : scoreOf(matrix, a) - scoreOf(matrix, b);
}

/** Whether `score` is produced by some cell of the matrix. */
export function isAttainableScore(matrix: RiskMatrix, score: number): boolean {
  return attainableScores(matrix).includes(score);
}

/** The cells whose score is `score` (a score alone does not locate a cell: 12 is 3x4 and 4x3). */
export function cellsWithScore(matrix: RiskMatrix, score: number): Rating[] {
  return allRatings(matrix).filter((rating) => scoreOf(matrix, rating) === score);
}

/**
 * The band of a score recorded without its cell (`Medium 12`): by score range, or on a cell-table matrix
 * the band every cell with that score shares; undefined when the score alone does not decide it.
 */
export function bandOfScore(matrix: RiskMatrix, score: number): Band | undefined {
  if (matrix.bandRule.kind === 'score') return bandForScore(matrix, score);
  const bands = new Set(cellsWithScore(matrix, score).map((c) => bandOf(matrix, c)?.id));
  const [only] = [...bands];
  return bands.size === 1 && only !== undefined ? bandById(matrix, only) : undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
