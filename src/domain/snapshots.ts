/**
 * Frozen period snapshots: what a risk looked like when it was reviewed (or not) for a period. A snapshot
 * copies the ratings and the score on the matrix in force then, so a later edit of the risk or of the
 * matrix can never rewrite what was reported to committee for an earlier quarter.
 */
import { ok } from './errors';
import { deepFreeze } from './freeze';
import { checkRating, scoreOf } from './matrix';
import { periodSortKey } from './periods';
import type {
  FieldError,
  PeriodSnapshot,
  Person,
  Rating,
  Result,
  Risk,
  RiskMatrix,
  SnapshotOutcome,
  SnapshotSource,
} from './types';

export type SnapshotInput = {
  periodId: string;
  /** The owner's period comment. */
  comment?: string;
  recordedBy?: Person;
  /** ISO timestamp of the review. */
  recordedAt: string;
  source: SnapshotSource;
  outcome: SnapshotOutcome;
  /** The register's default appetite, frozen into the snapshot when the risk has none of its own. */
  defaultAppetite?: number;
  /** References of risks merged into this one during the period. */
  mergedFrom?: string[];
};

const copy = (rating: Rating | undefined): Rating | undefined =>
  rating === undefined ? undefined : { likelihood: rating.likelihood, impact: rating.impact };

/**
 * A deep-frozen snapshot of `risk` for one period. Errors (not a throw) when the period id is not
 * canonical, the timestamp is not ISO, or a rating is off the matrix: a snapshot must be reportable.
 */
export function buildSnapshot(
  risk: Risk,
  matrix: RiskMatrix,
  input: SnapshotInput,
): Result<Readonly<PeriodSnapshot>> {
  const record = risk.reference;
  const errors: FieldError[] = [];
  if (periodSortKey(input.periodId) === undefined) {
    errors.push({
      record,
      field: 'periodId',
      value: input.periodId,
      allowed: ['2023/24-Q4', '2023/24-M01', '2023/24-T2', '2023/24-H1', '2023/24-Y'],
      message: `"${input.periodId}" is not a period id; snapshots are keyed by canonical ids such as 2023/24-Q4.`,
    });
  }
  if (typeof input.recordedAt !== 'string' || Number.isNaN(Date.parse(input.recordedAt))) {
    errors.push({
      record,
      field: 'recordedAt',
      value: input.recordedAt,
      message: 'The time of the review must be an ISO timestamp, e.g. 2024-04-12T09:30:00Z.',
    });
  }
  for (const tier of ['inherent', 'current', 'target'] as const) {
    const rating = risk[tier];
    if (rating) errors.push(...checkRating(matrix, rating, tier, record));
  }
  if (errors.length > 0) return { ok: false, errors };
  const inherent = copy(risk.inherent);
  const current = copy(risk.current);
  const target = copy(risk.target);
  const appetite = risk.appetite ?? input.defaultAppetite;
  const mergedFrom = input.mergedFrom?.filter((ref) => ref.trim() !== '');
  const snapshot: PeriodSnapshot = {
    ...(risk.id === undefined ? {} : { riskId: risk.id }),
    riskReference: risk.reference,
    periodId: input.periodId,
    ...(inherent ? { inherent } : {}),
    ...(current ? { current, currentScore: scoreOf(matrix, current) } : {}),
    ...(target ? { target } : {}),
    ...(appetite === undefined ? {} : { appetite }),
    comment: input.comment ?? '',
    ...(input.recordedBy ? { recordedBy: { ...input.recordedBy } } : {}),
    recordedAt: input.recordedAt,
    source: input.source,
    outcome: input.outcome,
    ...(risk.status === 'merged' && risk.mergedInto ? { mergedInto: risk.mergedInto } : {}),
    ...(mergedFrom && mergedFrom.length > 0 ? { mergedFrom: [...mergedFrom] } : {}),
  };
  return ok(deepFreeze(snapshot));
}

/** Score recorded in a snapshot: the frozen `currentScore`, else likelihood x impact of its current rating. */
export function snapshotScore(snapshot: PeriodSnapshot): number | undefined {
  if (snapshot.currentScore !== undefined) return snapshot.currentScore;
  return snapshot.current ? snapshot.current.likelihood * snapshot.current.impact : undefined;
}

/** Whether the snapshot records an actual review (confirmed or changed), as direction of travel needs. */
export function isReviewed(snapshot: PeriodSnapshot): boolean {
  return snapshot.outcome === 'confirmed' || snapshot.outcome === 'changed';
}
