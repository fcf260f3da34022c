/**
 * One "today", in Europe/London, wherever the product asks which day it is: the domain, the tab, the
 * review flow, the import plan and the register view. Tested just after midnight in British Summer
 * Time, when the UTC date is still the day before (and the quarter before), and just before midnight
 * in winter, when London is on UTC.
 */
import { calendarDayIn, periodOf, toCalendarDate, todayInLondon } from '../../src/domain';
import { todayIso } from '../../src/tab/lib/dates';
import { calendarDay } from '../../src/review/clock';
import { loadExistingRisks } from '../../src/import/plan';
import { settings as reviewSettings } from '../review/fakes';

/** 00:05 BST on 1 July 2026: UTC is still 30 June, the last day of Q1 2026/27. */
const AFTER_MIDNIGHT_BST = Date.parse('2026-06-30T23:05:00Z');
/** 23:55 GMT on 31 December 2026: London is on UTC, so still the 31st. */
const BEFORE_MIDNIGHT_GMT = Date.parse('2026-12-31T23:55:00Z');

describe('today in Europe/London', () => {
  afterEach(() => jest.useRealTimers());

  it('every layer says 1 July just after midnight BST, and the period is Q2', () => {
    expect(new Date(AFTER_MIDNIGHT_BST).toISOString().slice(0, 10)).toBe('2026-06-30');
    expect(todayInLondon(AFTER_MIDNIGHT_BST)).toBe('2026-07-01');
    expect(todayIso(new Date(AFTER_MIDNIGHT_BST))).toBe('2026-07-01');
    expect(calendarDay(AFTER_MIDNIGHT_BST)).toBe('2026-07-01');
    expect(toCalendarDate(new Date(AFTER_MIDNIGHT_BST))).toBe('2026-07-01');
    expect(toCalendarDate('2026-06-30T23:05:00Z')).toBe('2026-07-01');
    expect(periodOf(todayInLondon(AFTER_MIDNIGHT_BST), 'quarter').id).toBe('2026/27-Q2');
  });

  it('the defaults read the clock in London, not UTC', () => {
    jest.useFakeTimers({ now: AFTER_MIDNIGHT_BST, doNotFake: ['nextTick', 'setImmediate'] });
    expect(todayInLondon()).toBe('2026-07-01');
    expect(todayIso()).toBe('2026-07-01');
    expect(calendarDay(Date.now())).toBe('2026-07-01');
  });

  it("the import plan's default today picks London's period", async () => {
    jest.useFakeTimers({ now: AFTER_MIDNIGHT_BST, doNotFake: ['nextTick', 'setImmediate'] });
    const asked: string[] = [];
    const settings = reviewSettings;
    await loadExistingRisks(
      {
        getSettings: async () => ({ ...settings, id: 1, etag: '"1"', modified: '2026-06-01T00:00:00Z' }),
        loadRegisterView: async (q) => {
          asked.push(q.periodId ?? '');
          return { rows: [] } as never;
        },
      },
      'Corporate',
    );
    expect(asked).toEqual([
      periodOf('2026-07-01', settings.review.periodKind, settings.financialYearStartMonth).id,
    ]);
    expect(asked[0]).not.toBe(
      periodOf('2026-06-30', settings.review.periodKind, settings.financialYearStartMonth).id,
    );
  });

  it('in winter London is UTC; another zone can be named', () => {
    expect(todayInLondon(BEFORE_MIDNIGHT_GMT)).toBe('2026-12-31');
    expect(calendarDayIn(BEFORE_MIDNIGHT_GMT, 'Pacific/Auckland')).toBe('2027-01-01');
    expect(calendarDay(BEFORE_MIDNIGHT_GMT, 'Pacific/Auckland')).toBe('2027-01-01');
  });

  it('refuses an invalid instant instead of printing NaN', () => {
    expect(() => calendarDayIn(Number.NaN)).toThrow(/not a valid instant/);
    expect(toCalendarDate(new Date(Number.NaN))).toBeUndefined();
  });
});
