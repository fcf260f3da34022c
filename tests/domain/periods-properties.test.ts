import fc from 'fast-check';
import {
  makePeriod,
  nextPeriod,
  parsePeriod,
  periodById,
  periodContains,
  periodOf,
  periodsPerYear,
  previousPeriod,
  type PeriodKind,
} from '../../src/domain';

const kindArb = fc.constantFrom<PeriodKind>('month', 'quarter', 'term', 'half', 'year');
const startArb = fc.integer({ min: 1, max: 12 });
const periodArb = fc
  .record({ fy: fc.integer({ min: 1990, max: 2100 }), kind: kindArb, start: startArb, pick: fc.nat() })
  .map(({ fy, kind, start, pick }) => ({
    start,
    period: makePeriod(fy, kind, (pick % periodsPerYear(kind)) + 1, start),
  }));
const dateArb = fc
  .date({ min: new Date('1991-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('period properties', () => {
  it('next(previous(p)) = p and previous(next(p)) = p', () => {
    fc.assert(
      fc.property(periodArb, ({ period, start }) => {
        expect(nextPeriod(previousPeriod(period, start), start)).toEqual(period);
        expect(previousPeriod(nextPeriod(period, start), start)).toEqual(period);
      }),
    );
  });

  it('next(p) starts the day after p ends', () => {
    fc.assert(
      fc.property(periodArb, ({ period, start }) => {
        const dayAfter = new Date(`${period.end}T00:00:00Z`);
        dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
        expect(nextPeriod(period, start).start).toBe(dayAfter.toISOString().slice(0, 10));
      }),
    );
  });

  it('every date falls in exactly one period of each kind', () => {
    fc.assert(
      fc.property(dateArb, kindArb, startArb, (date, kind, start) => {
        const p = periodOf(date, kind, start);
        expect(periodContains(p, date)).toBe(true);
        expect(periodContains(previousPeriod(p, start), date)).toBe(false);
        expect(periodContains(nextPeriod(p, start), date)).toBe(false);
      }),
    );
  });

  it('labels and ids round-trip', () => {
    fc.assert(
      fc.property(periodArb, ({ period, start }) => {
        expect(parsePeriod(period.label, start)).toEqual({ ok: true, value: period });
        expect(periodById(period.id, start)).toEqual({ ok: true, value: period });
      }),
    );
  });
});
