/**
 * When a risk's review is due. A frequency maps to a kind of period (quarterly -> quarters, termly ->
 * terms, ...) and a review is due by the last day of each such period. A risk is due in a reporting
 * period when one of its review periods ends inside it, or, when it has a fixed next review date
 * (Halton prints dates such as `March 2015`), when that date is on or before the period's end.
 */
import { DomainError, fail, ok } from './errors';
import { DEFAULT_START_MONTH, nextPeriod, periodOf, toCalendarDate } from './periods';
import { normaliseText } from './text-noise';
import type { Period, PeriodKind, Result, ReviewFrequency, Risk } from './types';

/** The kind of period each review frequency walks through. */
export const FREQUENCY_PERIOD: Record<ReviewFrequency, PeriodKind> = {
  monthly: 'month',
  quarterly: 'quarter',
  termly: 'term',
  'six-monthly': 'half',
  annually: 'year',
};

export const REVIEW_FREQUENCIES: readonly ReviewFrequency[] = [
  'monthly',
  'quarterly',
  'termly',
  'six-monthly',
  'annually',
];

/** The period kind of a review frequency; DomainError (field `reviewFrequency`) for anything else. */
export function frequencyPeriodKind(frequency: ReviewFrequency): PeriodKind {
  if (!Object.hasOwn(FREQUENCY_PERIOD, frequency)) {
    throw new DomainError([
      {
        field: 'reviewFrequency',
        value: frequency,
        allowed: [...REVIEW_FREQUENCIES],
        message: `"${String(frequency)}" is not a review frequency.`,
      },
    ]);
  }
  return FREQUENCY_PERIOD[frequency];
}

/** Due date (ISO) of the review that covers `date`: the end of its frequency period. */
export function reviewDueDate(
  frequency: ReviewFrequency,
  date: Date | string,
  startMonth = DEFAULT_START_MONTH,
): string {
  return periodOf(date, frequencyPeriodKind(frequency), startMonth).end;
}

/**
 * Due date (ISO) of the next review after one made on `reviewedOn`: the end of the frequency period
 * after the one the review was made in. Reviewed in January for Q4 -> next due 30 June (end of Q1).
 */
export function nextReviewDueAfter(
  frequency: ReviewFrequency,
  reviewedOn: Date | string,
  startMonth = DEFAULT_START_MONTH,
): string {
  return nextPeriod(periodOf(reviewedOn, frequencyPeriodKind(frequency), startMonth), startMonth).end;
}

/** Due dates (ISO, ascending) of a frequency that fall inside `period`: quarterly in a year gives four. */
export function reviewDueDates(
  frequency: ReviewFrequency,
  period: Period,
  startMonth = DEFAULT_START_MONTH,
): string[] {
  const dates: string[] = [];
  let p = periodOf(period.start, frequencyPeriodKind(frequency), startMonth);
  while (p.end <= period.end) {
    if (p.end >= period.start) dates.push(p.end);
    p = nextPeriod(p, startMonth);
  }
  return dates;
}

/**
 * Whether a risk needs a review in the reporting period: by its fixed `nextReviewDate` when set (an
 * overdue date stays due until the review moves it on), otherwise by its frequency. Closed and merged
 * risks are never due.
 */
export function isReviewDue(
  risk: Pick<Risk, 'reviewFrequency' | 'nextReviewDate' | 'status'>,
  period: Period,
  startMonth = DEFAULT_START_MONTH,
): boolean {
  if (risk.status !== 'open') return false;
  if (risk.nextReviewDate) {
    const due = toCalendarDate(risk.nextReviewDate);
    if (due !== undefined) return due <= period.end;
  }
  return reviewDueDates(risk.reviewFrequency, period, startMonth).length > 0;
}

/** A review timescale as a register prints it: a frequency or a fixed date. */
export type ReviewTimescale =
  { kind: 'frequency'; frequency: ReviewFrequency } | { kind: 'date'; date: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const FREQUENCY_WORDS: [RegExp, ReviewFrequency][] = [
  [/^(monthly|every month|1 ?months?)$/, 'monthly'],
  [/^(quarterly|every quarter|3 ?months?)$/, 'quarterly'],
  [/^(termly|every term|each term)$/, 'termly'],
  [/^(six[- ]?monthly|6[- ]?monthly|half[- ]?yearly|bi-?annually|6 ?months?|six months)$/, 'six-monthly'],
  [/^(annually|yearly|annual|every year|12 ?months?|twelve months|1 ?year)$/, 'annually'],
];

/**
 * Reads Halton's "Timescale Review" column: `Quarterly`, `Termly`, `6 monthly`, `12 Months`, `12months`,
 * or a month such as `March 2015` (due by that month's last day) or an ISO date.
 */
export function parseReviewTimescale(text: string): Result<ReviewTimescale> {
  const raw = typeof text === 'string' ? text : String(text);
  const t = normaliseText(raw).toLowerCase();
  for (const [pattern, frequency] of FREQUENCY_WORDS) {
    if (pattern.test(t)) return ok({ kind: 'frequency', frequency });
  }
  const iso = toCalendarDate(t);
  if (iso !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(t)) return ok({ kind: 'date', date: iso });
  const month = /^([a-z]{3,})\.? (\d{4})$/.exec(t);
  const m = month ? MONTHS.findIndex((name) => month[1]!.startsWith(name)) : -1;
  if (month && m >= 0) {
    const y = Number(month[2]);
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return ok({ kind: 'date', date: `${month[2]}-${String(m + 1).padStart(2, '0')}-${last}` });
  }
  return fail({
    field: 'reviewFrequency',
    value: raw,
    allowed: [
      'Monthly',
      'Quarterly',
      'Termly',
      '6 monthly',
      '12 months',
      'a month such as March 2015',
      'yyyy-mm-dd',
    ],
    message: `"${normaliseText(raw)}" is not a review timescale; give a frequency or the date of the next review.`,
  });
}
