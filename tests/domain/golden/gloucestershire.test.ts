import {
  directionOfTravel,
  formatDirection,
  formatParsedRating,
  formatScore,
  parseDirection,
  validateRisk,
  type PeriodSnapshot,
} from '../../../src/domain';
import { GLOUCESTERSHIRE_PAPER } from './gloucestershire';
import { byReference, readPaper } from './read-paper';

const read = readPaper(GLOUCESTERSHIRE_PAPER);
const { matrix } = read;

describe("Gloucestershire Children's Services strategic risks, Q4 2023/24", () => {
  it('reads the period as printed ("Quarter Q4, 2023/24")', () => {
    expect(read.period).toMatchObject({ id: '2023/24-Q4', start: '2024-01-01', end: '2024-03-31' });
  });

  it.each(read.risks.map((r) => [r.printed.reference, r] as const))(
    '%s: residual score reads as a score with its band and prints back the same',
    (_ref, r) => {
      const parsed = r.residualScore!;
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.value.kind).toBe('score');
      expect(formatParsedRating(matrix, parsed.value)).toBe(r.printed.residualScore);
      if (parsed.value.kind === 'score')
        expect(formatScore(matrix, parsed.value.score)).toBe(r.printed.residualScore);
    },
  );

  it('SR 7.2 is Medium 9 and the other three Medium 12', () => {
    const scores = read.risks.map((r) =>
      r.residualScore?.ok && r.residualScore.value.kind === 'score' ? r.residualScore.value : undefined,
    );
    expect(scores.map((s) => `${s?.band.name} ${s?.score}`)).toEqual([
      'Medium 12',
      'Medium 12',
      'Medium 12',
      'Medium 9',
    ]);
    expect(byReference(read, 'SR 7.2').residualScore).toMatchObject({
      ok: true,
      value: { score: 9, band: { name: 'Medium' } },
    });
  });

  it('shows ⇨ for every risk: the score is unchanged from the last reviewed quarter', () => {
    for (const r of read.risks) {
      const score =
        r.residualScore?.ok && r.residualScore.value.kind === 'score' ? r.residualScore.value.score : 0;
      const snap = (periodId: string, outcome: PeriodSnapshot['outcome'] = 'confirmed'): PeriodSnapshot => ({
        riskReference: r.risk.reference,
        periodId,
        currentScore: score,
        comment: '',
        recordedAt: '2024-04-10T09:00:00Z',
        source: 'card',
        outcome,
      });
      // The period comments say "our risk scoring is unchanged"; Q3 was reviewed at the same score.
      const direction = directionOfTravel(snap('2023/24-Q4'), [snap('2023/24-Q2'), snap('2023/24-Q3')]);
      expect(parseDirection(r.printed.direction!)).toEqual({ ok: true, value: direction });
      expect(formatDirection(direction)).toBe('⇨ Unchanged');
    }
  });

  it('holds owners and cabinet members as the paper names them', () => {
    for (const r of read.risks) expect(validateRisk(r.risk, matrix)).toEqual([]);
    expect(byReference(read, 'SR 7.4').risk.owners).toEqual([{ name: 'Kirsten Harrison' }]);
    expect(byReference(read, 'SR 7.4').risk.cabinetMembers).toEqual([{ name: 'Cllr Philip Robinson' }]);
  });
});
