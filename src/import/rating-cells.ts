/**
 * One rating tier (inherent, current or target) from the cells a register gives it: a rating in the
 * council's notation (`BII`, `Medium (15)`, `4 3 12`), separate likelihood and impact columns, or both
 * (then they must agree). A score alone (`Medium 12`, a bare `15`) is stored as what it is, a score
 * without a cell (`Risk.currentScoreOnly`): no cell is guessed, even where only one cell has the score.
 * A rating cell that cannot be read (Medway's `All`) is a warning: the risk is imported without it.
 */
import { attainableScores, isAttainableScore } from '../domain/matrix';
import { parseLevel, parseRating } from '../domain/rating-parser';
import type { Rating, RiskMatrix } from '../domain/types';

/** The cells of one tier, each with where it came from, for messages. */
export type TierCells = {
  rating?: CellRef;
  likelihood?: CellRef;
  impact?: CellRef;
};

export type CellRef = { text: string; cell: string; header: string; column: string };

export type TierProblem = { at: CellRef; message: string; allowed?: string[]; severity?: 'warning' };

/** A tier's cell, or its score alone (the cell not recorded), and what was wrong. */
export type TierResult = { rating?: Rating; scoreOnly?: number; problems: TierProblem[] };

/** Reads a tier on `matrix`; `label` (`current`) names it in messages. */
export function readTier(matrix: RiskMatrix, label: string, cells: TierCells): TierResult {
  const problems: TierProblem[] = [];
  const filled = (c: CellRef | undefined): c is CellRef => c !== undefined && c.text.trim() !== '';
  let fromParts: Rating | undefined;
  if (filled(cells.likelihood) || filled(cells.impact)) {
    if (!filled(cells.likelihood) || !filled(cells.impact)) {
      const given = (filled(cells.likelihood) ? cells.likelihood : cells.impact) as CellRef;
      const missing = filled(cells.likelihood) ? 'impact' : 'likelihood';
      problems.push({
        at: given,
        message: `The ${label} ${missing} is empty; give both likelihood and impact, or neither.`,
      });
      return { problems };
    }
    const l = parseLevel(matrix, 'likelihood', cells.likelihood.text, `${label}.likelihood`);
    const i = parseLevel(matrix, 'impact', cells.impact.text, `${label}.impact`);
    if (!l.ok)
      problems.push(
        ...l.errors.map((e) => ({
          at: cells.likelihood as CellRef,
          severity: 'warning' as const,
          message: `${e.message} The risk is imported without its ${label} rating.`,
          ...(e.allowed ? { allowed: e.allowed } : {}),
        })),
      );
    if (!i.ok)
      problems.push(
        ...i.errors.map((e) => ({
          at: cells.impact as CellRef,
          severity: 'warning' as const,
          message: `${e.message} The risk is imported without its ${label} rating.`,
          ...(e.allowed ? { allowed: e.allowed } : {}),
        })),
      );
    if (!l.ok || !i.ok) return { problems };
    fromParts = { likelihood: l.value.value, impact: i.value.value };
  }
  if (!filled(cells.rating)) return fromParts ? { rating: fromParts, problems } : { problems };

  const at = cells.rating;
  const parsed = parseRating(matrix, at.text, `${label}.rating`);
  if (!parsed.ok) {
    return {
      ...(fromParts ? { rating: fromParts } : {}),
      problems: parsed.errors.map((e) => ({
        at,
        severity: 'warning' as const,
        message: `${e.message} The risk is imported without this ${label} rating; write one of the accepted forms to import it.`,
        ...(e.allowed ? { allowed: e.allowed } : {}),
      })),
    };
  }
  const value = parsed.value;
  if (value.kind === 'level') {
    if (fromParts) return { rating: fromParts, problems };
    return {
      problems: [
        {
          at,
          severity: 'warning',
          message: `"${at.text}" gives only the ${value.axis} of the ${label} rating, so the risk is imported without it; give the rating (e.g. likelihood and impact) in full.`,
        },
      ],
    };
  }
  if (fromParts) {
    const score = fromParts.likelihood * fromParts.impact;
    const agrees =
      value.kind === 'cell'
        ? value.rating.likelihood === fromParts.likelihood && value.rating.impact === fromParts.impact
        : value.score === score;
    if (!agrees) {
      problems.push({
        at,
        message: `The ${label} rating "${at.text}" does not match its likelihood and impact columns (score ${score}); correct one of them.`,
      });
      return { problems };
    }
    return { rating: fromParts, problems };
  }
  if (value.kind === 'cell') return { rating: value.rating, problems };
  return { scoreOnly: value.score, problems };
}

/**
 * A tier recorded as a score alone in our own export's column (`Current score (cell not recorded)`),
 * with the rating column beside it showing that score in the register's notation (`Medium (15)`, or a
 * bare `12` on a cell-banded matrix, where a score need not decide the band). The number is the stored
 * value: any score some cell has is kept as it is, and the rating column must not say otherwise.
 */
export function readScoreOnly(
  matrix: RiskMatrix,
  label: string,
  score: CellRef,
  rating: CellRef | undefined,
): TierResult {
  const n = Number(score.text.trim());
  if (!Number.isInteger(n) || !isAttainableScore(matrix, n))
    return {
      problems: [
        {
          at: score,
          severity: 'warning',
          allowed: attainableScores(matrix).map(String),
          message: `"${score.text}" is no cell's score on the ${matrix.name} matrix, so the risk is imported without its ${label} rating; write a score some cell has.`,
        },
      ],
    };
  const shown = rating?.text.trim() ? parseRating(matrix, rating.text, `${label}.rating`) : undefined;
  if (
    rating &&
    shown?.ok &&
    (shown.value.kind === 'cell' || (shown.value.kind === 'score' && shown.value.score !== n))
  )
    return {
      problems: [
        {
          at: rating,
          message: `The ${label} rating "${rating.text}" does not match the score without a cell beside it (${n}); keep one of them.`,
        },
      ],
    };
  return { scoreOnly: n, problems: [] };
}
