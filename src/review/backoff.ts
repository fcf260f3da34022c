/**
 * Retry of transient Bot Connector refusals (429, 412, 502, 503, 504, network) with exponential
 * backoff and jitter, never sooner than the service's Retry-After.
 */
import type { Clock } from './clock';
import { isTransient, TeamsApiError } from './teams-client';

export type BackoffOptions = {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First delay; doubles per retry. */
  baseMs: number;
  /** Longest single delay. */
  maxMs: number;
};

/** 1 s, 2 s, 4 s, 8 s, 16 s: about 30 s in all before a send is left for the next pass. */
export const DEFAULT_BACKOFF: BackoffOptions = { attempts: 6, baseMs: 1_000, maxMs: 30_000 };

/** The delay before retry `n` (1-based): half fixed, half random, so instances do not retry in step. */
export function backoffDelay(n: number, options: BackoffOptions, random: number, retryAfterMs = 0): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** (n - 1));
  return Math.max(retryAfterMs, Math.round(exp / 2 + (exp / 2) * random));
}

/**
 * Runs `call`, retrying transient TeamsApiErrors (those `retryable` accepts, default all); rethrows the
 * last error when attempts run out.
 */
export async function withBackoff<T>(
  call: () => Promise<T>,
  clock: Clock,
  options: BackoffOptions = DEFAULT_BACKOFF,
  onRetry?: (err: TeamsApiError, delayMs: number) => void,
  retryable: (err: unknown) => boolean = isTransient,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await call();
    } catch (err) {
      if (!isTransient(err) || !retryable(err) || n >= options.attempts) throw err;
      const e = err as TeamsApiError;
      const delay = backoffDelay(n, options, clock.random(), e.retryAfterMs);
      onRetry?.(e, delay);
      await clock.sleep(delay);
    }
  }
}
