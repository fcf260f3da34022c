/**
 * Sliding-window send budgets. Teams throttles a bot per conversation (7 per 1 s, 8 per 2 s, 60 per
 * 30 s, 1,800 per hour) and per app per tenant (50 requests per second, all of the app's calls). The
 * sender waits for a slot in both before each call, so a bulk run never provokes 429s by itself;
 * 429s that still happen (another instance, the handler's updates) are retried with backoff.
 */
import type { Clock } from './clock';

export type Window = { limit: number; ms: number };

/**
 * Per-conversation windows, one below each documented limit: our clock and the service's disagree by
 * the network latency, so sending exactly at the limit would let two sends land in one of its windows.
 */
export const CONVERSATION_WINDOWS: readonly Window[] = [
  { limit: 6, ms: 1_000 },
  { limit: 7, ms: 2_000 },
  { limit: 59, ms: 30_000 },
  { limit: 1_799, ms: 3_600_000 },
];

/**
 * Tenant-wide send rate of one service instance: 20 per second. The documented ceiling is 50 requests
 * per second for all of the app's calls in a tenant: two instances sending (40) still leave 10 per
 * second for card updates after answers, conversation creation and member look-ups.
 */
export const DEFAULT_SENDS_PER_SECOND = 20;

/** Keeps the times of recent calls per key and says how long to wait before the next one. */
export class SlidingWindowLimiter {
  private readonly history = new Map<string, number[]>();
  private readonly longest: number;

  constructor(
    private readonly windows: readonly Window[],
    private readonly clock: Clock,
  ) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** Milliseconds until a call for `key` fits every window (0 = now). */
  delayFor(key: string): number {
    const now = this.clock.now();
    const times = this.prune(key, now);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.limit) {
        // The call that must leave the window before one more fits.
        const oldest = inWindow[inWindow.length - w.limit]!;
        wait = Math.max(wait, oldest + w.ms - now + 1);
      }
    }
    return wait;
  }

  /** Waits until `key` has room, then records the call. */
  async acquire(key: string): Promise<void> {
    for (let wait = this.delayFor(key); wait > 0; wait = this.delayFor(key)) await this.clock.sleep(wait);
    this.record(key);
  }

  record(key: string): void {
    const now = this.clock.now();
    this.prune(key, now).push(now);
  }

  private prune(key: string, now: number): number[] {
    const times = (this.history.get(key) ?? []).filter((t) => t > now - this.longest);
    this.history.set(key, times);
    return times;
  }
}
