/**
 * One rating tier (inherent, current or target) from the cells a register gives it: a rating in the
 * council's notation (`BII`, `Medium (15)`, `4 3 12`), separate likelihood and impact columns, or both
 * (then they must agree). A score alone is accepted only where exactly one cell of the matrix has it;
 * otherwise the cell is reported, never guessed.
 */
import { cellsWithScore } from '../domain/matrix';
import { parseLevel, parseRating } from '../domain/rating-parser';
import type { Rating, RiskMatrix } from '../domain/types';

/** The cells of one tier, each with where it came from, for messages. */
export type TierCells = {
  rating?: CellRef;
  likelihood?: CellRef;
  impact?: CellRef;
};

export type CellRef = { text: string; cell: string; header: string; column: string };

export type TierProblem = { at: CellRef; message: string; allowed?: string[] };

export type TierResult = { rating?: Rating; problems: TierProblem[] };

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
          message: e.message,
          ...(e.allowed ? { allowed: e.allowed } : {}),
        })),
      );
    if (!i.ok)
      problems.push(
        ...i.errors.map((e) => ({
          at: cells.impact as CellRef,
          message: e.message,
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
      problems: parsed.errors.map((e) => ({
        at,
        message: e.message,
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
          message: `"${at.text}" gives only the ${value.axis} of the ${label} rating; give the rating (e.g. likelihood and impact) in full.`,
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
  const cellsForScore = cellsWithScore(matrix, value.score);
  if (cellsForScore.length === 1 && cellsForScore[0]) return { rating: cellsForScore[0], problems };
  const options = cellsForScore.map((c) => `likelihood ${c.likelihood} x impact ${c.impact}`).join(' or ');
  return {
    problems: [
      {
        at,
        message:
          `The ${label} rating "${at.text}" is a score (${value.score}) that several cells give (${options}); ` +
          `map the ${label} likelihood and impact columns too, or write the cell (e.g. ${cellsForScore[0]?.likelihood ?? 1} x ${cellsForScore[0]?.impact ?? 1}).`,
      },
    ],
  };
}
