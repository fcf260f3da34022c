/**
 * Time as the review flow sees it. Injected so tests run rate limits, backoff and reminder timings on
 * virtual time instead of waiting.
 */
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
