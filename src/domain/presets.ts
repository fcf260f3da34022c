/**
 * Matrices reproducing the five seed councils' papers (../shared/seeds). They are plain data: a council
 * picks one as a starting point and edits it; `validateMatrix` checks each in tests. Where a paper does
 * not print part of its scheme (labels, band boundaries, cell colours) the comment says what was inferred.
 */
import { deepFreeze } from './freeze';
import { cellKey } from './matrix';
import type { Band, RiskMatrix, Scale } from './types';

// Colours from the GOV.UK palette; each text colour meets WCAG AA contrast on its fill (checked in tests).
const LOW: Omit<Band, 'minScore' | 'maxScore'> = {
  id: 'low',
  name: 'Low',
  colour: '#00703c',
  textColour: '#ffffff',
};
const MEDIUM: Omit<Band, 'minScore' | 'maxScore'> = {
  id: 'medium',
  name: 'Medium',
  colour: '#ffdd00',
  textColour: '#0b0c0c',
};
const HIGH: Omit<Band, 'minScore' | 'maxScore'> = {
  id: 'high',
  name: 'High',
  colour: '#d4351c',
  textColour: '#ffffff',
};

function scale(name: string, levels: [code: string, label: string, description?: string][]): Scale {
  return {
    name,
    levels: levels.map(([code, label, description], index) => ({
      value: index + 1,
      code,
      label,
      ...(description === undefined ? {} : { description }),
    })),
  };
}

function scoreBands(low: [number, number], medium: [number, number], high: [number, number]): Band[] {
  return [
    { ...LOW, minScore: low[0], maxScore: low[1] },
    { ...MEDIUM, minScore: medium[0], maxScore: medium[1] },
    { ...HIGH, minScore: high[0], maxScore: high[1] },
  ];
}

/**
 * Gloucestershire, Children's Services strategic risks Q4 2023/24: the paper prints the 5x5 grid of
 * likelihood x impact products and the residual scores `Medium 12` and `Medium 9`, so Medium holds at
 * least 9-12. The other boundaries are inferred from the usual council 5x5 split: Low 1-4, Medium 5-12,
 * High 15-25 (16 and 20 sit with the top row and column of the printed grid).
 */
export const GLOUCESTERSHIRE: RiskMatrix = {
  id: 'gloucestershire',
  name: 'Gloucestershire 5x5',
  likelihood: scale('Likelihood', [
    ['1', 'Rare'],
    ['2', 'Possible'],
    ['3', 'Probable'],
    ['4', 'Highly likely'],
    ['5', 'Almost certain'],
  ]),
  impact: scale('Impact / consequence', [
    ['1', 'Insignificant'],
    ['2', 'Minor'],
    ['3', 'Moderate'],
    ['4', 'Major'],
    ['5', 'Critical'],
  ]),
  bandRule: { kind: 'score' },
  bands: scoreBands([1, 4], [5, 12], [15, 25]),
  notation: 'band-score',
};

/** Kent, corporate risk register March 2023: scales and bands exactly as the paper prints them. */
export const KENT: RiskMatrix = {
  id: 'kent',
  name: 'Kent corporate 5x5',
  likelihood: scale('Likelihood', [
    ['1', 'Very Unlikely'],
    ['2', 'Unlikely'],
    ['3', 'Possible'],
    ['4', 'Likely'],
    ['5', 'Very Likely'],
  ]),
  impact: scale('Impact', [
    ['1', 'Minor'],
    ['2', 'Moderate'],
    ['3', 'Significant'],
    ['4', 'Serious'],
    ['5', 'Major'],
  ]),
  bandRule: { kind: 'score' },
  // No product of two 1-5 values is 7, so Low 1-6 and Medium 8-15 leave no gap.
  bands: scoreBands([1, 6], [8, 15], [16, 25]),
  notation: 'band-bracket-score',
};

/**
 * Medway's band per cell is not in its paper. This default is inferred from how the paper uses it:
 * BII is the usual inherent rating of a risk reported to committee (High) and DIV is a risk with
 * "nothing further scoped" (Low). Councils replace it with their own table.
 * Rows: likelihood value 5 (A) down to 1 (E); columns: impact value 1 (IV) to 4 (I).
 */
const MEDWAY_CELLS: string[][] = [
  /* A */ ['medium', 'high', 'high', 'high'],
  /* B */ ['medium', 'medium', 'high', 'high'],
  /* C */ ['low', 'medium', 'medium', 'high'],
  /* D */ ['low', 'low', 'medium', 'medium'],
  /* E */ ['low', 'low', 'low', 'medium'],
];

function medwayCells(): Record<string, string> {
  const cells: Record<string, string> = {};
  MEDWAY_CELLS.forEach((row, r) => {
    const likelihood = 5 - r;
    row.forEach((band, c) => {
      cells[cellKey(likelihood, c + 1)] = band;
    });
  });
  return cells;
}

/**
 * Medway, People Directorate risks February 2023: likelihood A-E and impact I-IV, codes running from most
 * to least severe, so values (1 = least severe) run the other way: E = 1 ... A = 5, IV = 1 ... I = 4.
 */
export const MEDWAY: RiskMatrix = {
  id: 'medway',
  name: 'Medway 5x4 (letters and roman numerals)',
  likelihood: scale('Likelihood', [
    ['E', 'Almost impossible'],
    ['D', 'Low'],
    ['C', 'Significant'],
    ['B', 'High'],
    ['A', 'Very high'],
  ]),
  impact: scale('Impact', [
    ['IV', 'Minor'],
    ['III', 'Moderate'],
    ['II', 'Major'],
    ['I', 'Catastrophic'],
  ]),
  bandRule: { kind: 'cells', cells: medwayCells() },
  bands: [{ ...LOW }, { ...MEDIUM }, { ...HIGH }],
  notation: 'codes',
};

/**
 * Cambridgeshire, People & Communities register September 2018: likelihood 1-5 x consequence 1-5 on a
 * heat map, residual risk level (a score) against a risk appetite (a score). The paper prints neither
 * level labels nor band boundaries: the labels are the common 5x5 wording and the bands (Low 1-5,
 * Medium 6-12, High 15-25) are an editable default.
 */
export const CAMBRIDGESHIRE: RiskMatrix = {
  id: 'cambridgeshire',
  name: 'Cambridgeshire 5x5 with appetite',
  likelihood: scale('Likelihood', [
    ['1', 'Rare'],
    ['2', 'Unlikely'],
    ['3', 'Possible'],
    ['4', 'Likely'],
    ['5', 'Almost certain'],
  ]),
  impact: scale('Consequence', [
    ['1', 'Insignificant'],
    ['2', 'Minor'],
    ['3', 'Moderate'],
    ['4', 'Major'],
    ['5', 'Catastrophic'],
  ]),
  bandRule: { kind: 'score' },
  bands: scoreBands([1, 5], [6, 12], [15, 25]),
  notation: 'product',
};

/**
 * Halton, high-risk mitigation measures Q2 2014/15: score = impact x likelihood, printed in columns
 * impact, likelihood, score (`4 3 12`). No printed value exceeds 4, so the scales are taken as 1-4; the
 * paper lists only high risks and every assessed score it prints is 12 or 16, so High is 12-16.
 * Labels and the Low / Medium split (1-4 / 6-9) are not printed and are an editable default.
 */
export const HALTON: RiskMatrix = {
  id: 'halton',
  name: 'Halton 4x4 impact x likelihood',
  likelihood: scale('Likelihood (probability)', [
    ['1', 'Remote'],
    ['2', 'Unlikely'],
    ['3', 'Possible'],
    ['4', 'Highly likely'],
  ]),
  impact: scale('Impact (severity)', [
    ['1', 'Minor'],
    ['2', 'Moderate'],
    ['3', 'Major'],
    ['4', 'Extreme'],
  ]),
  bandRule: { kind: 'score' },
  // 5 and 7 are not products of two 1-4 values, so these ranges leave no gap.
  bands: scoreBands([1, 4], [6, 9], [12, 16]),
  notation: 'impact-likelihood-score',
};

/** Every preset, in the order a settings screen lists them. */
export const PRESETS: readonly RiskMatrix[] = deepFreeze([
  GLOUCESTERSHIRE,
  KENT,
  MEDWAY,
  CAMBRIDGESHIRE,
  HALTON,
]);

/** The preset with this id, as a fresh (unfrozen) copy the caller may edit; undefined when there is none. */
export function presetById(id: string): RiskMatrix | undefined {
  const preset = PRESETS.find((p) => p.id === id);
  return preset === undefined ? undefined : structuredClone(preset);
}
