/**
 * A change of a register's matrix is a migration, not an edit: every existing rating either stays on the
 * new scale in the same band, or the change lists it (off the new scale, or in another band), and the
 * ratings that fall off the scale need a mapping of the old levels onto the new ones before anything is
 * saved. History is never re-rated: settings keep each replaced matrix with the time it was replaced
 * (`matrixHistory`), and a snapshot is read on the matrix in force when it was recorded (`matrixAt`).
 */
import { bandOf, bandOfScore, isAttainableScore, levelOf } from './matrix';
import { formatRating, formatScore } from './rating-display';
import type { RatingTier } from './tiers';
import type { FieldError, Rating, RegisterSettings, Risk, RiskMatrix, TierRatings } from './types';

export const RATING_TIERS: readonly RatingTier[] = ['inherent', 'current', 'target'];
const tierLabel: Record<RatingTier, string> = {
  inherent: 'Inherent rating',
  current: 'Current rating',
  target: 'Target rating',
};

/** What a matrix change reads of a risk: its reference, title and ratings (cells, or scores alone). */
export type RatedRisk = Pick<Risk, 'reference' | 'title'> &
  TierRatings & {
    id?: number;
  };

/** Old scale value -> new scale value, per axis (keys are the old values as text, as JSON keeps them). */
export type RatingMapping = { likelihood: Record<string, number>; impact: Record<string, number> };

/** One rating the change affects. */
export type MatrixChangeRow = {
  riskId?: number;
  reference: string;
  title: string;
  tier: RatingTier;
  tierLabel: string;
  /** The cell; absent for a rating recorded as a score alone (`score`). */
  before?: Rating;
  /** A rating recorded as a score without a cell: no mapping can move it (there is no cell to map). */
  score?: number;
  /** As the register shows it on the old matrix: `High (20)`. */
  beforeText: string;
  /** On the new matrix with the mapping; absent when the rating is off the new scale and unmapped. */
  after?: Rating;
  afterText: string;
  /**
   * `off-scale`: no such level on the new matrix; `band`: on the new matrix but in another band;
   * `score-off-scale`: a score alone that no cell of the new matrix has (its cell must be recorded first).
   */
  kind: 'off-scale' | 'band' | 'score-off-scale';
};

export type MatrixChangePreview = {
  rows: MatrixChangeRow[];
  /** Ratings off the new scale when kept as they are: a mapping is required. */
  offScale: number;
  /** Risks with at least one rating listed. */
  risks: number;
  /** Scores recorded without a cell that the new matrix cannot hold: the change must wait for their cells. */
  scoresStranded: number;
};

const axes = ['likelihood', 'impact'] as const;

/** Whether the change can move a rating: the scales' values, the band rule or the bands' ranges differ. */
export function isMatrixMigration(from: RiskMatrix, to: RiskMatrix): boolean {
  const shape = (m: RiskMatrix) =>
    JSON.stringify({
      l: m.likelihood.levels.map((l) => l.value),
      i: m.impact.levels.map((l) => l.value),
      rule: m.bandRule,
      bands: m.bands.map((b) => [b.id, b.name, b.minScore ?? null, b.maxScore ?? null]),
    });
  return shape(from) !== shape(to);
}

/**
 * The mapping proposed for a change: each old level kept where the new scale has it, otherwise moved to
 * the nearest level of the new scale (the higher one on a tie), so `5 of 5` becomes `4 of 4` and a
 * rating that fits stays in its cell. The manager may choose otherwise in the preview.
 */
export function proposeMapping(from: RiskMatrix, to: RiskMatrix): RatingMapping {
  const axis = (name: (typeof axes)[number]): Record<string, number> => {
    const next = to[name].levels.map((l) => l.value);
    return Object.fromEntries(
      from[name].levels.map((l) => {
        const nearest = [...next].sort((a, b) => Math.abs(a - l.value) - Math.abs(b - l.value) || b - a)[0];
        return [String(l.value), nearest ?? l.value];
      }),
    );
  };
  return { likelihood: axis('likelihood'), impact: axis('impact') };
}

/** Problems with a mapping: every old level must map onto a level of the new scale. */
export function mappingProblems(from: RiskMatrix, to: RiskMatrix, mapping: RatingMapping): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of axes) {
    for (const l of from[name].levels) {
      const target = mapping[name]?.[String(l.value)];
      if (target === undefined || !levelOf(to[name], target)) {
        errors.push({
          field: `mapping.${name}.${l.value}`,
          value: target,
          allowed: to[name].levels.map((n) => String(n.value)),
          message: `${from[name].name} ${l.code} (${l.label}) must map onto a level of the new ${to[name].name.toLowerCase()} scale (${to[name].levels.map((n) => n.code).join(', ')}).`,
        });
      }
    }
  }
  return errors;
}

/** A rating under a mapping; unchanged when the mapping has no entry for a value. */
export function mapRating(rating: Rating, mapping: RatingMapping): Rating {
  return {
    likelihood: mapping.likelihood[String(rating.likelihood)] ?? rating.likelihood,
    impact: mapping.impact[String(rating.impact)] ?? rating.impact,
  };
}

/** A rating in the matrix's notation, with its band's name when the notation does not print it. */
function ratingText(m: RiskMatrix, r: Rating): string {
  const text = formatRating(m, r);
  const band = bandOf(m, r)?.name;
  return band && !text.includes(band) ? `${text} (${band})` : text;
}

/** What every row of the preview says of its risk and tier. */
function rowOf(risk: RatedRisk, tier: RatingTier) {
  return {
    ...(risk.id === undefined ? {} : { riskId: risk.id }),
    reference: risk.reference,
    title: risk.title,
    tier,
    tierLabel: tierLabel[tier],
  };
}

/** A score recorded without a cell, in the matrix's notation with its band's name when that decides one. */
function scoreText(m: RiskMatrix, score: number): string {
  const text = formatScore(m, score);
  const band = bandOfScore(m, score)?.name;
  return `${band && !text.includes(band) ? `${text} (${band})` : text}, cell not recorded`;
}

const onScale = (m: RiskMatrix, r: Rating) =>
  !!levelOf(m.likelihood, r.likelihood) && !!levelOf(m.impact, r.impact);

/**
 * Every rating of `risks` that the change moves: off the new scale (kept as it is, or when `mapping` is
 * absent), or into another band (by the band's name, as people read it) or another cell under the mapping.
 */
export function previewMatrixChange(
  from: RiskMatrix,
  to: RiskMatrix,
  risks: readonly RatedRisk[],
  mapping?: RatingMapping,
): MatrixChangePreview {
  const rows: MatrixChangeRow[] = [];
  let offScale = 0;
  for (const risk of risks) {
    for (const tier of RATING_TIERS) {
      const before = risk[tier];
      if (!before) continue;
      if (!onScale(to, before)) offScale++;
      const after = mapping ? mapRating(before, mapping) : before;
      const base = {
        ...rowOf(risk, tier),
        before,
        beforeText: ratingText(from, before),
      };
      if (!onScale(to, after)) {
        rows.push({ ...base, afterText: 'Off the new scale', kind: 'off-scale' });
        continue;
      }
      const moved = after.likelihood !== before.likelihood || after.impact !== before.impact;
      if (moved || bandOf(from, before)?.name !== bandOf(to, after)?.name) {
        rows.push({ ...base, after, afterText: ratingText(to, after), kind: 'band' });
      }
    }
  }
  for (const risk of risks) rows.push(...scoreOnlyRows(from, to, risk));
  return {
    rows,
    offScale,
    risks: new Set(rows.map((r) => r.reference)).size,
    scoresStranded: rows.filter((r) => r.kind === 'score-off-scale').length,
  };
}

/**
 * The ratings of `risk` recorded as a score alone that the change affects. A score keeps its value (no
 * cell is invented for it): it is listed when its band changes, or when no cell of the new matrix has
 * that score, which no mapping can mend.
 */
function scoreOnlyRows(from: RiskMatrix, to: RiskMatrix, risk: RatedRisk): MatrixChangeRow[] {
  const rows: MatrixChangeRow[] = [];
  for (const tier of RATING_TIERS) {
    const score = risk[`${tier}ScoreOnly`];
    if (score === undefined || risk[tier]) continue;
    const base = {
      ...rowOf(risk, tier),
      score,
      beforeText: scoreText(from, score),
    };
    if (!isAttainableScore(to, score)) {
      rows.push({
        ...base,
        afterText: `No cell of the ${to.name} matrix scores ${score}: record its likelihood and impact first`,
        kind: 'score-off-scale',
      });
    } else if (bandOfScore(from, score)?.name !== bandOfScore(to, score)?.name) {
      rows.push({ ...base, afterText: scoreText(to, score), kind: 'band' });
    }
  }
  return rows;
}

/**
 * What stops a change whatever the mapping: each score recorded without a cell that the new matrix
 * cannot hold, by risk, with what to do.
 */
export function strandedScoreProblems(preview: MatrixChangePreview, to: RiskMatrix): FieldError[] {
  return preview.rows
    .filter((r) => r.kind === 'score-off-scale')
    .map((r) => ({
      field: `${r.reference}.${r.tier}ScoreOnly`,
      value: r.score,
      message:
        `${r.reference}'s ${r.tierLabel.toLowerCase()} is the score ${String(r.score)} alone, and no cell of the ` +
        `${to.name} matrix has that score. Record its likelihood and impact on the current matrix (edit the risk), ` +
        'then change the matrix.',
    }));
}

/** The ratings of `risk` under the mapping, as a patch (only the tiers that change). */
export function mappedRatings(risk: RatedRisk, mapping: RatingMapping): Partial<Record<RatingTier, Rating>> {
  const patch: Partial<Record<RatingTier, Rating>> = {};
  for (const tier of RATING_TIERS) {
    const r = risk[tier];
    if (!r) continue;
    const m = mapRating(r, mapping);
    if (m.likelihood !== r.likelihood || m.impact !== r.impact) patch[tier] = m;
  }
  return patch;
}

/**
 * The matrix a record made at `at` (ISO timestamp) was rated on: the earliest replaced matrix whose
 * `until` is after it, else the register's current matrix. A snapshot without a time reads as current.
 */
export function matrixAt(
  settings: Pick<RegisterSettings, 'matrix' | 'matrixHistory'>,
  at: string,
): RiskMatrix {
  const time = Date.parse(at);
  if (Number.isNaN(time) || !settings.matrixHistory?.length) return settings.matrix;
  const entry = [...settings.matrixHistory]
    .sort((a, b) => Date.parse(a.until) - Date.parse(b.until))
    .find((h) => time < Date.parse(h.until));
  return entry?.matrix ?? settings.matrix;
}

/**
 * `next` with the stored history of replaced matrices, plus `previous`'s matrix as replaced at `now` when
 * the matrix changes. The history is the stored one whatever `next` carries: no client rewrites it.
 */
export function withMatrixHistory(
  previous: RegisterSettings,
  next: RegisterSettings,
  now: string,
): RegisterSettings {
  const { matrixHistory: _sent, ...rest } = next;
  const history = previous.matrixHistory ?? [];
  if (isMatrixMigration(previous.matrix, next.matrix))
    return { ...rest, matrixHistory: [...history, { matrix: previous.matrix, until: now }] };
  return history.length ? { ...rest, matrixHistory: history } : rest;
}
