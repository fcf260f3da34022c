import {
  appetiteStatus,
  formatParsedRating,
  formatRating,
  periodContains,
  riskAppetiteStatus,
  scoreOf,
  validateRisk,
  type Rating,
} from '../../../src/domain';
import { CAMBRIDGESHIRE_HEAT_MAP, CAMBRIDGESHIRE_PAPER } from './cambridgeshire';
import { readPaper } from './read-paper';

const read = readPaper(CAMBRIDGESHIRE_PAPER);
const { matrix } = read;

/** Risk number -> the heat-map cell it is plotted in. */
const plotted = new Map<string, Rating[]>();
for (const [likelihood, row] of Object.entries(CAMBRIDGESHIRE_HEAT_MAP)) {
  for (const [consequence, numbers] of Object.entries(row)) {
    for (const n of numbers) {
      const cells = plotted.get(String(n)) ?? [];
      cells.push({ likelihood: Number(likelihood), impact: Number(consequence) });
      plotted.set(String(n), cells);
    }
  }
}

const residual = (ref: string): number => {
  const r = read.risks.find((x) => x.risk.reference === ref)!.residualScore!;
  return r.ok && r.value.kind === 'score' ? r.value.score : Number.NaN;
};

describe('Cambridgeshire People & Communities risk register, September 2018', () => {
  it('is the register at the committee of 11 September 2018 (Q2 2018/19), reviewed monthly', () => {
    expect(periodContains(read.period, '2018-09-11')).toBe(true);
    expect(read.risks.every((r) => r.risk.reviewFrequency === 'monthly')).toBe(true);
  });

  it.each(read.risks.map((r) => [r.printed.reference, r] as const))(
    'risk %s: residual level reads as a score and prints back the same',
    (_ref, r) => {
      expect(r.residualScore).toMatchObject({ ok: true, value: { kind: 'score' } });
      if (r.residualScore?.ok)
        expect(formatParsedRating(matrix, r.residualScore.value)).toBe(r.printed.residualScore);
    },
  );

  it('plots every risk exactly once on the heat map, in a cell whose score is its residual level', () => {
    expect([...plotted.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(
      read.risks.map((r) => r.risk.reference),
    );
    for (const r of read.risks) {
      const cells = plotted.get(r.risk.reference)!;
      expect(cells).toHaveLength(1);
      expect(scoreOf(matrix, cells[0]!)).toBe(residual(r.risk.reference));
    }
    expect(formatRating(matrix, plotted.get('1')![0]!)).toBe('3 x 5 = 15');
  });

  it('puts risks 1, 3, 5 and 9 above appetite and the rest within', () => {
    const above = read.risks
      .filter((r) => appetiteStatus(residual(r.risk.reference), r.risk.appetite) === 'above')
      .map((r) => r.risk.reference);
    expect(above).toEqual(['1', '3', '5', '9']);
    // The same from the risk itself once its heat-map cell is its current rating.
    const one = { ...read.risks[0]!.risk, current: plotted.get('1')![0]! };
    expect(riskAppetiteStatus(one, matrix)).toBe('above');
  });

  it('holds every risk as valid data but for the owners the paper does not print', () => {
    for (const r of read.risks) {
      const withCell = { ...r.risk, current: plotted.get(r.risk.reference)![0]! };
      expect(validateRisk(withCell, matrix).map((e) => e.field)).toEqual(['owners']);
    }
  });
});
