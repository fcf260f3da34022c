/**
 * When a period's reviews are collected, the one rule the review service and the tab share: requests go
 * out `leadDays` before the period starts, answers are accepted until `cutOffDays` after its start, and
 * then the period closes (unanswered risks are recorded as not reviewed). Calendar days, ISO dates.
 */
import { nextPeriod, periodOf, previousPeriod } from './periods';
import type { Period, RegisterSettings } from './types';

const DAY_MS = 86_400_000;

/** `isoDate` plus `days` calendar days. */
export function addCalendarDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) + days * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

type Schedule = Pick<RegisterSettings, 'review' | 'financialYearStartMonth'>;

/** First day review requests for `period` go out. */
export function reviewOpens(settings: Schedule, period: Period): string {
  return addCalendarDays(period.start, -settings.review.leadDays);
}

/** Last day answers for `period` are accepted (the period closes the day after). */
export function reviewCloses(settings: Schedule, period: Period): string {
  return addCalendarDays(period.start, settings.review.cutOffDays);
}

export type ReviewWindowState = 'not-open' | 'open' | 'closed';

/** Where `period`'s collection of reviews stands on `today` (ISO date). */
export function reviewWindowState(settings: Schedule, period: Period, today: string): ReviewWindowState {
  if (today < reviewOpens(settings, period)) return 'not-open';
  return today > reviewCloses(settings, period) ? 'closed' : 'open';
}

export type ReviewWindow = { period: Period; opens: string; closes: string; state: ReviewWindowState };

/**
 * The periods around `today` the review service looks at: the one before, the current one, and the next
 * once its requests are due within the lead days; each with its window, oldest first.
 */
export function reviewWindows(settings: Schedule, today: string): ReviewWindow[] {
  const { periodKind } = settings.review;
  const start = settings.financialYearStartMonth;
  const current = periodOf(today, periodKind, start);
  const upcoming = periodOf(addCalendarDays(today, Math.max(0, settings.review.leadDays)), periodKind, start);
  const periods = [previousPeriod(current, start), current];
  if (upcoming.id !== current.id) periods.push(upcoming);
  else if (reviewWindowState(settings, nextPeriod(current, start), today) !== 'not-open')
    periods.push(nextPeriod(current, start));
  return periods.map((period) => ({
    period,
    opens: reviewOpens(settings, period),
    closes: reviewCloses(settings, period),
    state: reviewWindowState(settings, period, today),
  }));
}

/**
 * The windows whose requests the review service creates, sends and accepts answers for on `today`:
 * the current period and the next one, each while its window is open. The scheduled walk runs exactly
 * these, and the tab's review status shows them as open and due, so during the lead days the next
 * period is shown with the requests that are already out.
 */
export function dueWindows(settings: Schedule, today: string): ReviewWindow[] {
  const [, ...currentAndNext] = reviewWindows(settings, today);
  return currentAndNext.filter((w) => w.state === 'open');
}
