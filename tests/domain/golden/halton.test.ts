import {
  bandOf,
  formatRating,
  isReviewDue,
  makePeriod,
  periodContains,
  scoreOf,
  tierOfBlock,
  validateRisk,
} from '../../../src/domain';
import { HALTON_PAPER } from './halton';
import { byReference, readPaper } from './read-paper';

const read = readPaper(HALTON_PAPER);
const { matrix } = read;

describe('Halton high risk mitigation measures, Quarter 2 to 30 September 2014', () => {
  it('reports for Q2 2014/15', () => {
    expect(read.period.id).toBe('2014/15-Q2');
    expect(periodContains(read.period, '2014-09-30')).toBe(true);
  });

  it('reads the assessment before the control measures as inherent and the residual block as current, one rule with the import', () => {
    expect(tierOfBlock('Assessment of current risk', true)).toBe('inherent');
    expect(tierOfBlock('Residual', true)).toBe('current');
    expect(tierOfBlock('Current risk', false)).toBe('current');
    expect(tierOfBlock('Target Residual Likelihood', true)).toBe('target');
  });

  it.each(read.risks.map((r) => [r.printed.reference, r] as const))(
    '%s: the assessment and the residual columns read as impact, likelihood, score and print back the same',
    (_ref, r) => {
      expect(r.inherent).toMatchObject({ ok: true, value: { kind: 'cell' } });
      expect(r.current).toMatchObject({ ok: true, value: { kind: 'cell' } });
      expect(formatRating(matrix, r.risk.inherent!)).toBe(r.printed.inherent);
      expect(formatRating(matrix, r.risk.current!)).toBe(r.printed.current);
    },
  );

  it('COP4 is 4 4 16 before its controls, with residual 3 3 9', () => {
    const cop4 = byReference(read, 'COP4').risk;
    expect(cop4.inherent).toEqual({ impact: 4, likelihood: 4 });
    expect(cop4.current).toEqual({ impact: 3, likelihood: 3 });
    expect(scoreOf(matrix, cop4.inherent!)).toBe(16);
    expect(scoreOf(matrix, cop4.current!)).toBe(9);
  });

  it('lists only high risks: every assessment before controls is in the High band', () => {
    for (const r of read.risks) expect(bandOf(matrix, r.risk.inherent!)?.name).toBe('High');
  });

  it('holds every risk as valid data, residual never worse than the assessment before controls', () => {
    for (const r of read.risks) expect(validateRisk(r.risk, matrix)).toEqual([]);
    expect(byReference(read, 'CFS3').risk.current).toEqual(byReference(read, 'CFS3').risk.inherent);
  });

  it('reads review timescales as frequencies or dates and knows when each is due', () => {
    const freq = Object.fromEntries(read.risks.map((r) => [r.risk.reference, r.risk.reviewFrequency]));
    expect(freq).toMatchObject({
      COP1: 'quarterly',
      COP2: 'termly',
      COP7: 'annually',
      COP9: 'annually',
      CFS3: 'six-monthly',
    });
    expect(byReference(read, 'LAS1').risk.nextReviewDate).toBe('2015-03-31');
    expect(byReference(read, 'LAS3').risk.nextReviewDate).toBe('2015-08-31');
    const due = (period = read.period) =>
      read.risks.filter((r) => isReviewDue(r.risk, period)).map((r) => r.risk.reference);
    // Q2 2014/15: quarterly, termly (term ends 31 August) and six-monthly reviews; not annual or March 2015.
    expect(due()).toEqual(['COP1', 'COP2', 'COP3', 'COP4', 'COP5', 'CFS1', 'CFS3', 'CFS4', 'CFS5', 'CFS6']);
    expect(due(makePeriod(2014, 'quarter', 4))).toEqual(
      read.risks.map((r) => r.risk.reference).filter((ref) => ref !== 'LAS3'),
    );
  });
});
