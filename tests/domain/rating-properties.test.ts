import fc from 'fast-check';
import {
  PRESETS,
  allRatings,
  attainableScores,
  bandOf,
  bandRank,
  cellsWithScore,
  formatRating,
  parseRating,
  scoreOf,
  validateMatrix,
  type Band,
  type RatingNotation,
  type RiskMatrix,
} from '../../src/domain';

/** Notations that write the whole cell, so parsing gives the cell back exactly. */
const CELL_NOTATIONS: RatingNotation[] = ['codes', 'product', 'impact-likelihood-score'];

describe('parse(format(r)) for every cell of every preset', () => {
  for (const matrix of PRESETS) {
    it(`${matrix.id}: round-trips every cell (${matrix.notation})`, () => {
      for (const rating of allRatings(matrix)) {
        const text = formatRating(matrix, rating);
        const result = parseRating(matrix, text);
        expect(result.ok).toBe(true);
        if (!result.ok) continue;
        const back = result.value;
        if (CELL_NOTATIONS.includes(matrix.notation)) {
          expect(back).toEqual({
            kind: 'cell',
            rating,
            score: scoreOf(matrix, rating),
            band: bandOf(matrix, rating),
          });
        } else {
          // `Medium (15)` carries the score and band, not the cell: the honest round trip is to those.
          expect(back).toEqual({
            kind: 'score',
            score: scoreOf(matrix, rating),
            band: bandOf(matrix, rating),
          });
          expect(cellsWithScore(matrix, scoreOf(matrix, rating))).toContainEqual(rating);
        }
      }
    });
  }
});

describe('bands are monotonic in score on score-band presets', () => {
  for (const matrix of PRESETS.filter((p) => p.bandRule.kind === 'score')) {
    it(`${matrix.id}: a higher score never has a lower band`, () => {
      const cells = allRatings(matrix);
      fc.assert(
        fc.property(fc.constantFrom(...cells), fc.constantFrom(...cells), (a, b) => {
          fc.pre(scoreOf(matrix, a) <= scoreOf(matrix, b));
          expect(bandRank(matrix, bandOf(matrix, a))).toBeLessThanOrEqual(
            bandRank(matrix, bandOf(matrix, b)),
          );
        }),
      );
    });
  }
});

const LETTERS = 'ABCDEFGH'.split('');
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'];
const BAND_STYLE: Omit<Band, 'id' | 'name' | 'minScore' | 'maxScore'>[] = [
  { colour: '#00703c', textColour: '#ffffff' },
  { colour: '#ffdd00', textColour: '#0b0c0c' },
  { colour: '#d4351c', textColour: '#ffffff' },
];

/** Any valid score-banded matrix of 2-7 x 2-7 levels, in any notation. */
const matrixArb: fc.Arbitrary<RiskMatrix> = fc
  .record({
    lCount: fc.integer({ min: 2, max: 7 }),
    iCount: fc.integer({ min: 2, max: 7 }),
    notation: fc.constantFrom<RatingNotation>(
      'codes',
      'band-bracket-score',
      'band-score',
      'product',
      'impact-likelihood-score',
    ),
    cuts: fc.tuple(
      fc.double({ min: 0.05, max: 0.5, noNaN: true }),
      fc.double({ min: 0.5, max: 0.95, noNaN: true }),
    ),
  })
  .map(({ lCount, iCount, notation, cuts }) => {
    const letters = notation === 'codes';
    const level = (codes: string[]) => (_: unknown, k: number) => ({
      value: k + 1,
      code: letters ? codes[codes.length - 8 + (8 - 1 - k)]! : String(k + 1),
      label: `Level ${k + 1}`,
    });
    const base: RiskMatrix = {
      id: 'generated',
      name: 'Generated',
      likelihood: { name: 'Likelihood', levels: Array.from({ length: lCount }, level(LETTERS)) },
      impact: { name: 'Impact', levels: Array.from({ length: iCount }, level(ROMAN)) },
      bandRule: { kind: 'score' },
      bands: [],
      notation,
    };
    const scores = attainableScores(base);
    const top = scores[scores.length - 1]!;
    const a = Math.max(1, Math.floor(top * cuts[0]));
    const b = Math.max(a + 1, Math.floor(top * cuts[1]));
    base.bands = [
      { id: 'low', name: 'Low', ...BAND_STYLE[0]!, minScore: 1, maxScore: a },
      { id: 'medium', name: 'Medium', ...BAND_STYLE[1]!, minScore: a + 1, maxScore: b },
      { id: 'high', name: 'High', ...BAND_STYLE[2]!, minScore: b + 1, maxScore: Math.max(b + 1, top) },
    ];
    return base;
  });

describe('round trip on generated matrices', () => {
  it('parses back what it formats, for any valid matrix and cell', () => {
    fc.assert(
      fc.property(matrixArb, fc.nat(), (matrix, pick) => {
        expect(validateMatrix(matrix)).toEqual([]);
        const cells = allRatings(matrix);
        const rating = cells[pick % cells.length]!;
        const result = parseRating(matrix, formatRating(matrix, rating));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        if (CELL_NOTATIONS.includes(matrix.notation)) {
          expect(result.value).toMatchObject({ kind: 'cell', rating });
        } else {
          expect(result.value).toMatchObject({ kind: 'score', score: scoreOf(matrix, rating) });
        }
      }),
      { numRuns: 300 },
    );
  });
});
