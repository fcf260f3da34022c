/**
 * One rule for when a period's reviews are collected (src/domain/review-window.ts), used by the review
 * service's schedule (walk), its cards' "answer by" date (dueBy), the register view's overdue state and
 * the tab's review status: requests go out leadDays before the start, answers close cutOffDays after it.
 */
import {
  dueWindows,
  periodById,
  reviewCloses,
  reviewOpens,
  reviewWindowState,
  reviewWindows,
} from '../../src/domain';
import { dueBy } from '../../src/review/review-cards';
import type { RegisterSettings } from '../../src/domain/types';

const settings = {
  financialYearStartMonth: 4,
  review: {
    periodKind: 'quarter',
    leadDays: 7,
    cutOffDays: 30,
    reminderAfterDays: 7,
    escalateAfterDays: 14,
    cron: '',
  },
} as unknown as RegisterSettings;

const q3 = (() => {
  const p = periodById('2026/27-Q3');
  if (!p.ok) throw new Error('bad period');
  return p.value;
})();

it('opens leadDays before the period and closes cutOffDays after its start', () => {
  expect(reviewOpens(settings, q3)).toBe('2026-09-24');
  expect(reviewCloses(settings, q3)).toBe('2026-10-31');
  // The cards' "answer by" date is the same day.
  expect(dueBy(settings, q3)).toBe('2026-10-31');
  expect(reviewWindowState(settings, q3, '2026-09-23')).toBe('not-open');
  expect(reviewWindowState(settings, q3, '2026-09-24')).toBe('open');
  expect(reviewWindowState(settings, q3, '2026-10-31')).toBe('open');
  expect(reviewWindowState(settings, q3, '2026-11-01')).toBe('closed');
});

it('lists the periods the review service looks at, with the next one once its requests are due', () => {
  // Mid-November: Q3 has closed (30 days after 1 October), Q2 long closed, Q4 not open yet.
  expect(reviewWindows(settings, '2026-11-22').map((w) => [w.period.id, w.state])).toEqual([
    ['2026/27-Q2', 'closed'],
    ['2026/27-Q3', 'closed'],
  ]);
  // Christmas Eve: Q4's requests went out on 25 December minus 7 days.
  expect(reviewWindows(settings, '2026-12-26').map((w) => [w.period.id, w.state])).toEqual([
    ['2026/27-Q2', 'closed'],
    ['2026/27-Q3', 'closed'],
    ['2026/27-Q4', 'open'],
  ]);
});

it('names the periods open and due: the next one during its lead days, none between windows', () => {
  // Christmas Eve plus two: Q4's requests are out though the calendar period is still Q3 (closed).
  expect(dueWindows(settings, '2026-12-26').map((w) => [w.period.id, w.opens, w.closes])).toEqual([
    ['2026/27-Q4', '2026-12-25', '2027-01-31'],
  ]);
  // Mid-November: Q3 closed, Q4 not open yet; nothing is due.
  expect(dueWindows(settings, '2026-11-22')).toEqual([]);
  // The first week of October: the calendar period itself.
  expect(dueWindows(settings, '2026-10-05').map((w) => w.period.id)).toEqual(['2026/27-Q3']);
});
