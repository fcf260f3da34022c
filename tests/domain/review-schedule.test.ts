import {
  isReviewDue,
  makePeriod,
  nextReviewDueAfter,
  parseReviewTimescale,
  reviewDueDate,
  reviewDueDates,
  type ReviewFrequency,
} from '../../src/domain';

const q = (index: number) => makePeriod(2023, 'quarter', index);
const open = (reviewFrequency: ReviewFrequency, nextReviewDate?: string) => ({
  reviewFrequency,
  status: 'open' as const,
  ...(nextReviewDate ? { nextReviewDate } : {}),
});

describe('review due dates', () => {
  it('is due by the end of the frequency period', () => {
    expect(reviewDueDate('quarterly', '2024-02-10')).toBe('2024-03-31');
    expect(reviewDueDate('monthly', '2024-02-10')).toBe('2024-02-29');
    expect(reviewDueDate('termly', '2023-10-10')).toBe('2023-12-31');
    expect(reviewDueDate('six-monthly', '2023-10-10')).toBe('2024-03-31');
    expect(reviewDueDate('annually', '2023-05-10')).toBe('2024-03-31');
  });

  it('moves the next review on by one period after a review', () => {
    expect(nextReviewDueAfter('quarterly', '2024-01-12')).toBe('2024-06-30');
    expect(nextReviewDueAfter('annually', '2024-01-12')).toBe('2025-03-31');
  });

  it('lists the due dates inside a reporting period', () => {
    expect(reviewDueDates('monthly', q(4))).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
    expect(reviewDueDates('quarterly', makePeriod(2023, 'year', 1))).toHaveLength(4);
    expect(reviewDueDates('annually', q(2))).toEqual([]);
  });
});

describe('isReviewDue in a quarter', () => {
  it.each([
    ['monthly', [1, 2, 3, 4]],
    ['quarterly', [1, 2, 3, 4]],
    // Terms end 31 August (Q2), 31 December (Q3) and 31 March (Q4).
    ['termly', [2, 3, 4]],
    ['six-monthly', [2, 4]],
    ['annually', [4]],
  ] as const)('%s is due in quarters %j', (frequency, quarters) => {
    const due = [1, 2, 3, 4].filter((i) => isReviewDue(open(frequency), q(i)));
    expect(due).toEqual(quarters);
  });

  it('uses a fixed next review date when set, and keeps an overdue one due', () => {
    const risk = open('annually', '2024-02-15');
    expect(isReviewDue(risk, q(3))).toBe(false);
    expect(isReviewDue(risk, q(4))).toBe(true);
    expect(isReviewDue(risk, makePeriod(2024, 'quarter', 1))).toBe(true);
  });

  it('never asks for a review of a closed or merged risk', () => {
    expect(isReviewDue({ ...open('quarterly'), status: 'closed' }, q(1))).toBe(false);
    expect(isReviewDue({ ...open('quarterly'), status: 'merged' }, q(1))).toBe(false);
  });
});

describe("parseReviewTimescale (Halton's column)", () => {
  it.each([
    ['Quarterly', 'quarterly'],
    ['Termly', 'termly'],
    ['6 monthly', 'six-monthly'],
    ['12 Months', 'annually'],
    ['12 months', 'annually'],
    ['12months', 'annually'],
    ['Monthly', 'monthly'],
  ])('%s is %s', (text, frequency) => {
    expect(parseReviewTimescale(text)).toEqual({ ok: true, value: { kind: 'frequency', frequency } });
  });

  it('reads a month as due by its last day', () => {
    expect(parseReviewTimescale('March 2015')).toEqual({
      ok: true,
      value: { kind: 'date', date: '2015-03-31' },
    });
    expect(parseReviewTimescale('August 2015')).toEqual({
      ok: true,
      value: { kind: 'date', date: '2015-08-31' },
    });
    expect(parseReviewTimescale('2015-06-01')).toEqual({
      ok: true,
      value: { kind: 'date', date: '2015-06-01' },
    });
  });

  it('rejects anything else with the accepted forms', () => {
    const result = parseReviewTimescale('when possible');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]).toMatchObject({ field: 'reviewFrequency', value: 'when possible' });
      expect(result.errors[0]!.allowed).toContain('Termly');
    }
  });
});

describe('bad frequencies', () => {
  it('are labelled errors naming the allowed frequencies', () => {
    expect(() => reviewDueDate('fortnightly' as ReviewFrequency, '2024-01-01')).toThrow(
      /not a review frequency/,
    );
  });
});
