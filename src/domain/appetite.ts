/**
 * Risk appetite: a score threshold on the register's matrix (Cambridgeshire prints residual level 15
 * against appetite 10). A risk is above appetite when its current score exceeds it; equal is within.
 */
import { maxScore, scoreOf } from './matrix';
import { snapshotScore } from './snapshots';
import type { AppetiteStatus, FieldError, PeriodSnapshot, Risk, RiskMatrix } from './types';

/**
 * Above / within / unknown from a current score and the risk's appetite, falling back to the register's
 * default. Unknown when there is no score or no appetite at all: never assumed within.
 */
export function appetiteStatus(
  currentScore: number | undefined,
  appetite: number | undefined,
  defaultAppetite?: number,
): AppetiteStatus {
  const threshold = appetite ?? defaultAppetite;
  if (currentScore === undefined || threshold === undefined) return 'unknown';
  if (!Number.isFinite(currentScore) || !Number.isFinite(threshold)) return 'unknown';
  return currentScore > threshold ? 'above' : 'within';
}

/** Appetite status of a live risk from its current rating. */
export function riskAppetiteStatus(risk: Risk, matrix: RiskMatrix, defaultAppetite?: number): AppetiteStatus {
  return appetiteStatus(
    risk.current ? scoreOf(matrix, risk.current) : undefined,
    risk.appetite,
    defaultAppetite,
  );
}

/** Appetite status as it stood in a period, from the snapshot's frozen score and appetite. */
export function snapshotAppetiteStatus(snapshot: PeriodSnapshot, defaultAppetite?: number): AppetiteStatus {
  return appetiteStatus(snapshotScore(snapshot), snapshot.appetite, defaultAppetite);
}

/** Words for each status, so a badge never relies on colour. */
export const APPETITE_TEXT: Readonly<Record<AppetiteStatus, string>> = Object.freeze({
  above: 'Above appetite',
  within: 'Within appetite',
  unknown: 'Appetite not set',
});

/**
 * The one appetite rule, for a risk's appetite and a register's default alike: a whole-number score on
 * the register's matrix, 0 (no exposure accepted) to its highest score. Empty when `appetite` is fine or
 * not set.
 */
export function appetiteProblems(
  appetite: number | undefined,
  matrix: RiskMatrix,
  field = 'appetite',
): FieldError[] {
  if (appetite === undefined) return [];
  const max = maxScore(matrix);
  if (Number.isInteger(appetite) && appetite >= 0 && appetite <= max) return [];
  return [
    {
      field,
      value: appetite,
      allowed: [`0-${max}`],
      message: `Appetite is a score on the ${matrix.name} matrix: a whole number from 0 to ${max}.`,
    },
  ];
}
