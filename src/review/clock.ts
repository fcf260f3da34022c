/**
 * Time as the review flow sees it. Injected so tests run rate limits, backoff and reminder timings on
 * virtual time instead of waiting. Calendar days ("today", due dates) are read in the service's zone
 * (REVIEW_TIMEZONE, default Europe/London) by the domain's calendarDayIn, daylight saving from the IANA data.
 */
import { calendarDayIn, COUNCIL_TIME_ZONE } from '../domain/periods';
export type Clock = {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1) for jitter; injectable so tests are repeatable. */
  random(): number;
};

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  random: () => Math.random(),
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days between two instants (floored), for reminder and escalation timings. */
export function daysBetween(fromIso: string, toMs: number): number {
  const from = Date.parse(fromIso);
  return Number.isNaN(from) ? 0 : Math.floor((toMs - from) / DAY_MS);
}

/** The ISO date `days` after an ISO date (yyyy-mm-dd), in UTC calendar arithmetic. */
export function addDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) + days * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** The zone of the councils: the default of REVIEW_TIMEZONE. */
export const DEFAULT_TIME_ZONE = COUNCIL_TIME_ZONE;

/**
 * The calendar date (yyyy-mm-dd) of an instant in `timeZone`: at 00:30 BST the UTC date is still the
 * day before, and in Auckland it is already the next day. The domain's one implementation.
 */
export function calendarDay(ms: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  return calendarDayIn(ms, timeZone);
}
