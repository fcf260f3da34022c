import {
  bandOf,
  buildSnapshot,
  directionOfTravel,
  formatDirection,
  formatParsedRating,
  formatRating,
  parseDirection,
  parsePeriod,
  periodOf,
  riskAppetiteStatus,
  scoreOf,
  validateRisk,
  type PeriodSnapshot,
} from '../../../src/domain';
import { KENT_BASELINE_PERIOD, KENT_PAPER } from './kent';
import { byReference, readPaper } from './read-paper';

const read = readPaper(KENT_PAPER);
const { matrix } = read;

describe('Kent corporate risk register, March 2023', () => {
  it('reports for Q4 2022/23 (committee on 8 March 2023)', () => {
    expect(read.period.id).toBe('2022/23-Q4');
    expect(periodOf('2023-03-08', 'quarter').id).toBe(read.period.id);
  });

  it.each(read.risks.map((r) => [r.printed.reference, r] as const))(
    '%s: summary ratings read back in Kent notation and agree with the likelihood and impact columns',
    (_ref, r) => {
      for (const tier of ['current', 'target'] as const) {
        const parsed = r[tier];
        expect(parsed?.ok).toBe(true);
        if (!parsed?.ok) continue;
        expect(formatParsedRating(matrix, parsed.value)).toBe(r.printed[tier]);
        const cell = r.risk[tier]!;
        expect(formatRating(matrix, cell)).toBe(r.printed[tier]);
        expect(parsed.value).toMatchObject({ score: scoreOf(matrix, cell), band: bandOf(matrix, cell) });
      }
    },
  );

  it('CRR0056 is current High (25), target High (16); CRR0057 current High (16), target Low (6)', () => {
    const send = byReference(read, 'CRR0056').risk;
    expect([formatRating(matrix, send.current!), formatRating(matrix, send.target!)]).toEqual([
      'High (25)',
      'High (16)',
    ]);
    expect(send.current).toEqual({ likelihood: 5, impact: 5 });
    const transport = byReference(read, 'CRR0057').risk;
    expect([formatRating(matrix, transport.current!), formatRating(matrix, transport.target!)]).toEqual([
      'High (16)',
      'Low (6)',
    ]);
    expect(formatRating(matrix, byReference(read, 'CRR0001').risk.current!)).toBe('Medium (15)');
  });

  it('prints the direction of travel since March 2022 from frozen snapshots', () => {
    const baseline = parsePeriod(KENT_BASELINE_PERIOD);
    if (!baseline.ok) throw new Error('baseline period');
    for (const r of read.risks) {
      const snap = (periodId: string, mergedFrom?: string[]): PeriodSnapshot => {
        const built = buildSnapshot(r.risk, matrix, {
          periodId,
          recordedAt: '2023-02-20T09:00:00Z',
          source: 'import',
          outcome: 'confirmed',
          ...(mergedFrom ? { mergedFrom } : {}),
        });
        if (!built.ok) throw new Error(built.errors[0]!.message);
        return built.value;
      };
      // History as the paper implies it: CRR0001 was on the register in March 2022 at the same rating
      // (its summary says so with ↔); CRR0057 was not; CRR0056 combines two earlier risks (its title's halves).
      const history = r.risk.reference === 'CRR0001' ? [snap(baseline.value.id)] : [];
      const mergedFrom =
        r.risk.reference === 'CRR0056'
          ? ['SEND Delivery Improvement', 'High Needs Funding shortfall']
          : undefined;
      const direction = directionOfTravel(snap(read.period.id, mergedFrom), history, matrix);
      expect(parseDirection(r.printed.direction!)).toEqual({ ok: true, value: direction });
    }
    expect(['unchanged', 'merged', 'new'].map((d) => formatDirection(d as never))).toEqual([
      '⇨ Unchanged',
      'Merged Risk',
      'New',
    ]);
  });

  it('holds every risk as valid data: owners, cabinet members, timescales, cross-references', () => {
    for (const r of read.risks) expect(validateRisk(r.risk, matrix)).toEqual([]);
    expect(byReference(read, 'CRR0001').risk.cabinetMembers).toHaveLength(3);
    expect(byReference(read, 'CRR0057').risk.owners.map((o) => o.name)).toEqual([
      'Sarah Hammond',
      'Simon Jones',
    ]);
    expect(byReference(read, 'CRR0056').risk.timescaleToTarget).toBe('3+ years');
    expect(riskAppetiteStatus(byReference(read, 'CRR0001').risk, matrix)).toBe('unknown');
  });
});
