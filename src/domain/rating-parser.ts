/**
 * Reads ratings as councils write them, for one matrix: `BII`, `Medium (15)`, `Medium 12`, `4 3 12`,
 * `4 x 3 = 12`, `15`, `Possible (3)`. Anything it cannot read for certain is an error naming the text,
 * the matrix and what is accepted: it never guesses (Medway's `All` is not a rating).
 */
import { fail, ok } from './errors';
import {
  bandById,
  bandForScore,
  cellKey,
  cellsWithScore,
  maxScore,
  scaleOf,
  scoreOf,
  type Axis,
} from './matrix';
import { validateMatrix } from './matrix-validation';
import { labelKey, normaliseText } from './text-noise';
import type { Band, FieldError, Rating, Result, RiskMatrix, ScaleLevel } from './types';

/**
 * What a piece of text says about a rating. A score alone does not locate a cell (12 is 3x4 and 4x3),
 * and `Possible (3)` names one level of one axis, so each is its own case rather than a guessed cell.
 */
export type ParsedRating =
  | { kind: 'cell'; rating: Rating; score: number; band: Band }
  | { kind: 'score'; score: number; band: Band }
  | { kind: 'level'; axis: Axis; level: ScaleLevel };

const PRODUCT = /^(\d+)\s*[x×*]\s*(\d+)(?:\s*=\s*(\d+))?$/i;
const BRACKETED = /^(.*?\D)\s*\(\s*(\d+)\s*\)$/;
const LABEL_NUMBER = /^([^\d()]*[^\d\s()])\s*(\d+)$/;

/** Parses `text` on `matrix`; the error (field `rating`) names the text, the matrix and what it accepts. */
export function parseRating(matrix: RiskMatrix, text: string, field = 'rating'): Result<ParsedRating> {
  const raw = typeof text === 'string' ? text : String(text);
  const broken = matrixProblems(matrix);
  if (broken) return broken;
  const t = normaliseText(raw);
  const err = (reason: string): Result<ParsedRating> =>
    fail({
      field,
      value: raw,
      allowed: acceptedRatingForms(matrix),
      message: `"${t || raw}" is not a rating on the ${matrix.name} matrix: ${reason}`,
    });
  if (t === '') return err('the text is empty.');

  if (/^\d+$/.test(t)) return scoreOnly(matrix, Number(t), undefined, err);

  const product = PRODUCT.exec(t);
  if (product) {
    const [first, second] = [product[1]!, product[2]!];
    const impactFirst = matrix.notation === 'impact-likelihood-score';
    return cell(matrix, impactFirst ? second : first, impactFirst ? first : second, product[3], err);
  }

  const numbers = t.split(' ');
  if (numbers.every((n) => /^\d+$/.test(n))) {
    if (matrix.notation === 'impact-likelihood-score' && numbers.length === 3) {
      return cell(matrix, numbers[1]!, numbers[0]!, numbers[2], err);
    }
    return err(
      matrix.notation === 'impact-likelihood-score'
        ? 'numbers in columns are read as impact, likelihood and score (three numbers).'
        : 'separate numbers are ambiguous on this matrix; write likelihood x impact, e.g. 4 x 3.',
    );
  }

  const bracketed = BRACKETED.exec(t) ?? LABEL_NUMBER.exec(t);
  if (bracketed) return labelledNumber(matrix, bracketed[1]!.trim(), Number(bracketed[2]), err);

  const codes = codesCell(matrix, t);
  if (codes) return ok(codes);

  const level = levelByText(matrix, t);
  if (matrix.bands.some((b) => labelKey(b.name) === labelKey(t))) {
    return err(
      `a band name alone gives neither a score nor a cell; add the score, e.g. "${t} (${exampleScore(matrix, t)})".`,
    );
  }
  if (level.kind === 'one') return ok({ kind: 'level', axis: level.axis, level: level.level });
  if (level.kind === 'many') return err(`"${t}" is a level on both scales; say which axis it belongs to.`);
  return err('it matches none of the forms the matrix accepts.');
}

type Fail = (reason: string) => Result<ParsedRating>;

/** Text cannot be read on a matrix that is itself invalid: say what is wrong with the matrix instead. */
function matrixProblems(matrix: RiskMatrix): { ok: false; errors: FieldError[] } | undefined {
  const errors = validateMatrix(matrix);
  if (errors.length === 0) return undefined;
  return { ok: false, errors: errors.map((e) => ({ ...e, field: `matrix.${e.field}` })) };
}

function scoreOnly(
  matrix: RiskMatrix,
  score: number,
  named: Band | undefined,
  err: Fail,
): Result<ParsedRating> {
  const cells = cellsWithScore(matrix, score);
  if (cells.length === 0) {
    return score > maxScore(matrix) || score < 1
      ? err(`scores run from 1 to ${maxScore(matrix)}.`)
      : err(`no cell of the matrix scores ${score}.`);
  }
  if (matrix.bandRule.kind === 'score') {
    const band = bandForScore(matrix, score);
    if (!band) return err(`no band covers score ${score}; the matrix's bands need fixing.`);
    if (named && named.id !== band.id) return err(`score ${score} is ${band.name}, not ${named.name}.`);
    return ok({ kind: 'score', score, band });
  }
  const rule = matrix.bandRule;
  const bands = [
    ...new Set(
      cells.map((c) => rule.cells[cellKey(c.likelihood, c.impact)]).filter((id) => id !== undefined),
    ),
  ]
    .map((id) => bandById(matrix, id))
    .filter((b): b is Band => b !== undefined);
  if (named) {
    return bands.some((b) => b.id === named.id)
      ? ok({ kind: 'score', score, band: named })
      : err(`no cell scoring ${score} is ${named.name}.`);
  }
  if (bands.length === 1) return ok({ kind: 'score', score, band: bands[0]! });
  return err(
    `this matrix bands by cell and cells scoring ${score} are ${bands.map((b) => b.name).join(' or ')}; give the cell instead.`,
  );
}

function cell(
  matrix: RiskMatrix,
  lCode: string,
  iCode: string,
  stated: string | undefined,
  err: Fail,
): Result<ParsedRating> {
  const l = levelByCode(matrix, 'likelihood', lCode);
  const i = levelByCode(matrix, 'impact', iCode);
  if (!l) return err(`likelihood ${lCode} is not on the scale (${codes(matrix, 'likelihood')}).`);
  if (!i) return err(`impact ${iCode} is not on the scale (${codes(matrix, 'impact')}).`);
  return cellResult(matrix, { likelihood: l.value, impact: i.value }, stated, err);
}

function cellResult(
  matrix: RiskMatrix,
  rating: Rating,
  stated: string | undefined,
  err: Fail,
): Result<ParsedRating> {
  const score = scoreOf(matrix, rating);
  if (stated !== undefined && Number(stated) !== score) {
    return err(`the stated score ${stated} is not likelihood x impact (${score}).`);
  }
  const band =
    matrix.bandRule.kind === 'score'
      ? bandForScore(matrix, score)
      : bandById(matrix, matrix.bandRule.cells[cellKey(rating.likelihood, rating.impact)] ?? '');
  if (!band) return err(`the matrix has no band for this cell; its bands need fixing.`);
  return ok({ kind: 'cell', rating, score, band });
}

function labelledNumber(matrix: RiskMatrix, label: string, n: number, err: Fail): Result<ParsedRating> {
  const band = matrix.bands.find((b) => labelKey(b.name) === labelKey(label));
  const level = levelByText(matrix, label);
  if (band && level.kind === 'none') return scoreOnly(matrix, n, band, err);
  if (level.kind === 'one') {
    if (level.level.code === String(n)) {
      // A label that is both a band and a level, with a number that fits both readings: do not pick one.
      if (band && scoreOnly(matrix, n, band, err).ok) {
        return err(
          `"${label}" is both a band and a ${level.axis} level here; write the score or the level alone.`,
        );
      }
      return ok({ kind: 'level', axis: level.axis, level: level.level });
    }
    if (!band) return err(`${label} is ${level.axis} ${level.level.code} on this matrix, not ${n}.`);
    // The label is both a band and a level (Medway's `High`): read it as a band only if the number is a score.
    return scoreOnly(matrix, n, band, err);
  }
  if (level.kind === 'many')
    return err(`"${label}" is a level on both scales; say which axis it belongs to.`);
  return err(
    `"${label}" is neither a band (${matrix.bands.map((b) => b.name).join(', ')}) nor a level label.`,
  );
}

/** `BII`, `B II`, `B-II`: a likelihood code then an impact code. */
function codesCell(matrix: RiskMatrix, t: string): ParsedRating | undefined {
  if (!/[a-z]/i.test(t)) return undefined;
  const compact = t.replace(/[\s\-/]+/g, '').toUpperCase();
  const found: ParsedRating[] = [];
  for (const l of matrix.likelihood.levels) {
    const lc = l.code.toUpperCase();
    if (!compact.startsWith(lc)) continue;
    const i = matrix.impact.levels.find((level) => level.code.toUpperCase() === compact.slice(lc.length));
    if (!i) continue;
    const result = cellResult(matrix, { likelihood: l.value, impact: i.value }, undefined, () => ({
      ok: false,
      errors: [],
    }));
    if (result.ok) found.push(result.value);
  }
  // validateMatrix rejects code sets where two cells read alike, so more than one match means an invalid matrix.
  return found.length === 1 ? found[0] : undefined;
}

type LevelMatch = { kind: 'none' } | { kind: 'many' } | { kind: 'one'; axis: Axis; level: ScaleLevel };

function levelByText(matrix: RiskMatrix, text: string): LevelMatch {
  const key = labelKey(text);
  const matches: { axis: Axis; level: ScaleLevel }[] = [];
  for (const axis of ['likelihood', 'impact'] as const) {
    for (const level of scaleOf(matrix, axis).levels) {
      if (labelKey(level.label) === key) matches.push({ axis, level });
    }
  }
  if (matches.length === 0) return { kind: 'none' };
  if (matches.length > 1) return { kind: 'many' };
  return { kind: 'one', ...matches[0]! };
}

function levelByCode(matrix: RiskMatrix, axis: Axis, code: string): ScaleLevel | undefined {
  return scaleOf(matrix, axis).levels.find((level) => level.code.toUpperCase() === code.trim().toUpperCase());
}

function codes(matrix: RiskMatrix, axis: Axis): string {
  return scaleOf(matrix, axis)
    .levels.map((l) => l.code)
    .join(', ');
}

function exampleScore(matrix: RiskMatrix, bandName: string): string {
  const band = matrix.bands.find((b) => labelKey(b.name) === labelKey(bandName));
  return band?.maxScore !== undefined ? String(band.maxScore) : 'score';
}

/**
 * Parses one level of one axis as a register column holds it: `Possible (3)`, `Possible`, `3`, `B`,
 * `B High`. The error lists the scale's levels.
 */
export function parseLevel(
  matrix: RiskMatrix,
  axis: Axis,
  text: string,
  field: string = axis,
): Result<ScaleLevel> {
  const raw = typeof text === 'string' ? text : String(text);
  const broken = matrixProblems(matrix);
  if (broken) return broken;
  const t = normaliseText(raw);
  const scale = scaleOf(matrix, axis);
  const error: FieldError = {
    field,
    value: raw,
    allowed: scale.levels.map((l) => `${l.code} (${l.label})`),
    message: `"${t || raw}" is not a ${axis} level on the ${matrix.name} matrix; use a code or label from its ${axis} scale.`,
  };
  const byCode = levelByCode(matrix, axis, t);
  if (byCode) return ok(byCode);
  const byLabel = scale.levels.find((l) => labelKey(l.label) === labelKey(t));
  if (byLabel) return ok(byLabel);
  const bracket = /^(.*?)\s*\(\s*([^()]+?)\s*\)$/.exec(t) ?? /^(\S+)\s+(.+)$/.exec(t);
  if (bracket) {
    const [a, b] = [bracket[1]!, bracket[2]!];
    const match = scale.levels.find(
      (l) =>
        (labelKey(l.label) === labelKey(a) && l.code.toUpperCase() === b.toUpperCase()) ||
        (l.code.toUpperCase() === a.toUpperCase() && labelKey(l.label) === labelKey(b)),
    );
    if (match) return ok(match);
    const labelled = scale.levels.find((l) => labelKey(l.label) === labelKey(a));
    if (labelled) {
      return fail({ ...error, message: `${error.message} ${labelled.label} is ${labelled.code}, not ${b}.` });
    }
  }
  return fail(error);
}

/** Human-readable list of the forms `parseRating` accepts on this matrix, with examples from it. */
export function acceptedRatingForms(matrix: RiskMatrix): string[] {
  const l = matrix.likelihood.levels;
  const i = matrix.impact.levels;
  const lMid = l[Math.floor((l.length - 1) / 2)] ?? l[0];
  const iTop = i[i.length - 1];
  const forms: string[] = [];
  if (lMid && iTop) {
    const score = lMid.value * iTop.value;
    const numeric = /^\d+$/.test(lMid.code) && /^\d+$/.test(iTop.code);
    forms.push(`likelihood code then impact code, e.g. ${lMid.code}${numeric ? ' x ' : ''}${iTop.code}`);
    if (matrix.notation === 'impact-likelihood-score') {
      forms.push(
        `impact, likelihood and score, e.g. ${iTop.code} ${lMid.code} ${score} or ${iTop.code} x ${lMid.code}`,
      );
    } else if (numeric) {
      forms.push(`likelihood x impact = score, e.g. ${lMid.code} x ${iTop.code} = ${score}`);
    }
    const band = matrix.bandRule.kind === 'score' ? bandForScore(matrix, score) : undefined;
    if (band) forms.push(`band and score, e.g. ${band.name} (${score}) or ${band.name} ${score}`);
    if (matrix.bandRule.kind === 'score') forms.push(`a score alone, 1-${maxScore(matrix)}`);
    forms.push(`one level with its code, e.g. ${lMid.label} (${lMid.code})`);
  }
  forms.push(`likelihood codes: ${codes(matrix, 'likelihood')}; impact codes: ${codes(matrix, 'impact')}`);
  return forms;
}
