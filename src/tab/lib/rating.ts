/**
 * How the tab shows a rating: the register's own notation, the band word and its colours. The rules
 * are the domain's, so the tab, the cards and the reports print ratings alike.
 */
import { bandOf, bandOfScore, checkRating, scoreOf } from '../../domain/matrix';
import { accessibleRatingText, formatRating, formatScore } from '../../domain/rating-display';
import type { Band, Rating, RiskMatrix } from '../../domain/types';

export { bandOf } from '../../domain/matrix';

export type RatingView = {
  /** In the register's notation: `Medium 12`, `BII`, `Medium (15)`. */
  text: string;
  score: number;
  band?: Band;
  /** Spoken form: `Medium, score 12: likelihood 2 Possible, impact 5 Critical`. */
  description: string;
  /** Set when the register recorded only the score (`Medium 12`): no cell, so no place on the heat map. */
  cellNotRecorded?: true;
};

/**
 * Everything the tab prints for one rating; undefined when the tier was not recorded. A stored
 * rating that is no longer on the matrix (the scales were edited) is shown as raw numbers with a
 * warning, rather than hidden.
 */
export function describeRating(
  matrix: RiskMatrix,
  rating: Rating | undefined,
  scoreOnly?: number,
): RatingView | undefined {
  if (!rating && scoreOnly !== undefined) {
    // A score without a cell (`Medium 12` imported as printed): shown in the register's notation.
    const band = bandOfScore(matrix, scoreOnly);
    return {
      text: formatScore(matrix, scoreOnly),
      score: scoreOnly,
      ...(band ? { band } : {}),
      description: `${band ? `${band.name}, ` : ''}score ${scoreOnly}: likelihood and impact not recorded`,
      cellNotRecorded: true,
    };
  }
  if (!rating) return undefined;
  const score = scoreOf(matrix, rating);
  if (checkRating(matrix, rating).length > 0) {
    const text = `${rating.likelihood} x ${rating.impact}`;
    return {
      text,
      score,
      description: `${text}: not on this register's matrix; ask a manager to re-rate it`,
    };
  }
  return {
    text: formatRating(matrix, rating),
    score,
    band: bandOf(matrix, rating),
    description: accessibleRatingText(matrix, rating),
  };
}
