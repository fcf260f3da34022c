/**
 * Validation of a matrix configuration itself, so a council admin who edits scales or bands is told
 * exactly which level, band or cell is wrong before any risk is scored on it.
 */
import { attainableScores, cellKey } from './matrix';
import type { Band, FieldError, RatingNotation, RiskMatrix, Scale } from './types';

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
/** WCAG 2.2 AA contrast for normal text (1.4.3): band names are printed on the band colour. */
const MIN_CONTRAST = 4.5;
const NOTATIONS: readonly RatingNotation[] = [
  'codes',
  'band-bracket-score',
  'band-score',
  'product',
  'impact-likelihood-score',
];

/** Every problem with the matrix; empty when it can score and band every cell. */
export function validateMatrix(matrix: RiskMatrix): FieldError[] {
  if (matrix === null || typeof matrix !== 'object') {
    return [
      {
        field: 'matrix',
        value: matrix,
        message: 'No matrix was given; choose a preset or define scales and bands.',
      },
    ];
  }
  const errors: FieldError[] = [];
  const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
  const record = text(matrix.id) || text(matrix.name) || undefined;
  const push = (error: FieldError): void => {
    errors.push(record === undefined ? error : { record, ...error });
  };
  if (!text(matrix.id)) push({ field: 'id', value: matrix.id, message: 'The matrix needs an id.' });
  if (!text(matrix.name)) push({ field: 'name', value: matrix.name, message: 'The matrix needs a name.' });
  if (!NOTATIONS.includes(matrix.notation)) {
    push({
      field: 'notation',
      value: matrix.notation,
      allowed: [...NOTATIONS],
      message: 'Choose how ratings are written (e.g. band-bracket-score for "Medium (15)").',
    });
  }
  validateScale(matrix.likelihood, 'likelihood', push);
  validateScale(matrix.impact, 'impact', push);
  validateBands(matrix.bands, push);
  if (!Array.isArray(matrix.bands)) return errors;
  if (scalesBroken(errors)) return errors;
  if (matrix.notation === 'codes') validateCodeConcatenation(matrix, push);
  const rule = matrix.bandRule as RiskMatrix['bandRule'] | undefined;
  if (rule?.kind === 'score') validateScoreBands(matrix, push);
  else if (rule?.kind === 'cells') validateCellTable(matrix, rule.cells, push);
  else {
    push({
      field: 'bandRule',
      value: rule,
      allowed: ['score', 'cells'],
      message: 'Choose how cells get their band: by score range or by a table of cells.',
    });
  }
  return errors;
}

function scalesBroken(errors: FieldError[]): boolean {
  return errors.some((e) => e.field.startsWith('likelihood') || e.field.startsWith('impact'));
}

function validateScale(scale: Scale, axis: string, push: (e: FieldError) => void): void {
  if (!scale || !Array.isArray(scale.levels) || scale.levels.length === 0) {
    push({
      field: `${axis}.levels`,
      value: scale?.levels,
      message: `The ${axis} scale has no levels; add at least one.`,
    });
    return;
  }
  const seenCodes = new Map<string, number>();
  scale.levels.forEach((level, index) => {
    const field = `${axis}.levels[${index}]`;
    if (level.value !== index + 1) {
      push({
        field: `${field}.value`,
        value: level.value,
        allowed: [String(index + 1)],
        message: `${axis} levels must be listed least severe first with values 1, 2, 3...; level ${index + 1} has value ${String(level.value)}.`,
      });
    }
    const code = (level.code ?? '').trim();
    if (code === '') {
      push({
        field: `${field}.code`,
        value: level.code,
        message: `${axis} level ${index + 1} needs a code (e.g. 3, B, II).`,
      });
    } else if (/\s/.test(code)) {
      push({
        field: `${field}.code`,
        value: level.code,
        message: `${axis} code "${code}" must not contain spaces.`,
      });
    } else {
      const key = code.toUpperCase();
      const first = seenCodes.get(key);
      if (first !== undefined) {
        push({
          field: `${field}.code`,
          value: level.code,
          message: `${axis} code "${code}" is used by levels ${first + 1} and ${index + 1}; codes must be unique.`,
        });
      } else seenCodes.set(key, index);
    }
    if (!(level.label ?? '').trim()) {
      push({
        field: `${field}.label`,
        value: level.label,
        message: `${axis} level ${index + 1} needs a label (e.g. Possible).`,
      });
    }
  });
}

function validateBands(bands: Band[], push: (e: FieldError) => void): void {
  if (!Array.isArray(bands) || bands.length === 0) {
    push({
      field: 'bands',
      value: bands,
      message: 'The matrix has no bands; add at least one (e.g. Low, Medium, High).',
    });
    return;
  }
  const ids = new Set<string>();
  bands.forEach((band, index) => {
    const field = `bands[${index}]`;
    if (!(band.id ?? '').trim())
      push({ field: `${field}.id`, value: band.id, message: `Band ${index + 1} needs an id.` });
    else if (ids.has(band.id)) {
      push({
        field: `${field}.id`,
        value: band.id,
        message: `Band id "${band.id}" is used twice; ids must be unique.`,
      });
    } else ids.add(band.id);
    if (!(band.name ?? '').trim()) {
      push({
        field: `${field}.name`,
        value: band.name,
        message: `Band ${index + 1} has no text; every band needs a name so colour is never the only cue.`,
      });
    }
    const colourOk = checkColour(band.colour, `${field}.colour`, push);
    const textOk = checkColour(band.textColour, `${field}.textColour`, push);
    if (colourOk && textOk) {
      const ratio = contrastRatio(band.colour, band.textColour);
      if (ratio < MIN_CONTRAST) {
        push({
          field: `${field}.textColour`,
          value: band.textColour,
          message: `Text ${band.textColour} on ${band.colour} has contrast ${ratio.toFixed(2)}:1; WCAG AA needs ${MIN_CONTRAST}:1.`,
        });
      }
    }
  });
}

function checkColour(value: string, field: string, push: (e: FieldError) => void): boolean {
  if (typeof value === 'string' && HEX_COLOUR.test(value)) return true;
  push({
    field,
    value,
    allowed: ['#rrggbb'],
    message: `Colour "${String(value)}" is not a #rrggbb hex colour.`,
  });
  return false;
}

function validateScoreBands(matrix: RiskMatrix, push: (e: FieldError) => void): void {
  const ranged: { band: Band; index: number; min: number; max: number }[] = [];
  matrix.bands.forEach((band, index) => {
    const field = `bands[${index}]`;
    const { minScore: min, maxScore: max } = band;
    if (min === undefined || max === undefined || !Number.isInteger(min) || !Number.isInteger(max)) {
      push({
        field: `${field}.minScore`,
        value: { minScore: min, maxScore: max },
        message: `Band "${band.name}" needs whole-number minScore and maxScore when bands are chosen by score.`,
      });
      return;
    }
    if (min > max) {
      push({
        field: `${field}.minScore`,
        value: min,
        message: `Band "${band.name}" starts at ${min} but ends at ${max}; the minimum must not exceed the maximum.`,
      });
      return;
    }
    ranged.push({ band, index, min, max });
  });
  for (let a = 0; a < ranged.length; a++) {
    for (let b = a + 1; b < ranged.length; b++) {
      const x = ranged[a]!;
      const y = ranged[b]!;
      if (x.min <= y.max && y.min <= x.max) {
        push({
          field: `bands[${y.index}].minScore`,
          value: `${y.min}-${y.max}`,
          message: `Band "${y.band.name}" (${y.min}-${y.max}) overlaps band "${x.band.name}" (${x.min}-${x.max}); a score must fall in exactly one band.`,
        });
      }
    }
  }
  const uncovered = attainableScores(matrix).filter((s) => !ranged.some((r) => s >= r.min && s <= r.max));
  if (uncovered.length > 0) {
    push({
      field: 'bands',
      value: uncovered,
      message: `No band covers score${uncovered.length > 1 ? 's' : ''} ${uncovered.join(', ')}; extend a band's range to fill the gap.`,
    });
  }
}

function validateCellTable(
  matrix: RiskMatrix,
  cells: Record<string, string>,
  push: (e: FieldError) => void,
): void {
  const bandIds = matrix.bands.map((band) => band.id);
  const expected = new Set<string>();
  for (const l of matrix.likelihood.levels) {
    for (const i of matrix.impact.levels) {
      const key = cellKey(l.value, i.value);
      expected.add(key);
      const id = cells?.[key];
      if (id === undefined) {
        push({
          field: `bandRule.cells.${key}`,
          value: undefined,
          allowed: bandIds,
          message: `Cell ${l.code}${i.code} (likelihood ${l.label}, impact ${i.label}) has no band; choose one.`,
        });
      } else if (!bandIds.includes(id)) {
        push({
          field: `bandRule.cells.${key}`,
          value: id,
          allowed: bandIds,
          message: `Cell ${l.code}${i.code} names band "${id}", which is not one of the matrix's bands.`,
        });
      }
    }
  }
  for (const key of Object.keys(cells ?? {})) {
    if (!expected.has(key)) {
      push({
        field: `bandRule.cells.${key}`,
        value: key,
        allowed: [...expected],
        message: `Cell "${key}" is not on the matrix; keys are likelihood value x impact value.`,
      });
    }
  }
}

/** With `codes` notation (`BII`) every likelihood code + impact code must read back one way only. */
function validateCodeConcatenation(matrix: RiskMatrix, push: (e: FieldError) => void): void {
  const seen = new Map<string, string>();
  for (const l of matrix.likelihood.levels) {
    for (const i of matrix.impact.levels) {
      const text = `${l.code}${i.code}`.toUpperCase();
      const cell = `${l.value}x${i.value}`;
      const other = seen.get(text);
      if (other !== undefined) {
        push({
          field: 'notation',
          value: text,
          message: `Written as codes, cells ${other} and ${cell} both read "${text}"; change a code so each cell reads one way.`,
        });
      } else seen.set(text, cell);
    }
  }
}

/** WCAG relative-luminance contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number {
  const channel = (offset: number): number => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
