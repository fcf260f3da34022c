/**
 * The send behavior of the one spfi instance: fetch with retries on 429/503/504 that honour
 * SharePoint's Retry-After. PnPjs's BrowserFetchWithRetry also reads Retry-After, but only as an
 * integer (an HTTP-date becomes NaN), caps nothing (a long Retry-After stalls the tab), allows 3
 * attempts in all and offers no hook to count requests; this small behavior does all four.
 */
import type { Queryable } from '@pnp/queryable';

export type RetryOptions = {
  /** Attempts in all, including the first; default 5. */
  maxAttempts?: number;
  /** Backoff when no Retry-After is given: base * 2^(attempt-1) plus jitter; default 250 ms. */
  baseDelayMs?: number;
  /** Longest wait honoured from Retry-After or backoff before giving up early; default 120 s. */
  maxDelayMs?: number;
};

/** One HTTP exchange, reported to the optional request hook (tests and the bench count these). */
export type RequestRecord = {
  method: string;
  url: string;
  status: number | 'network-error';
  attempt: number;
};

export type SendOptions = RetryOptions & {
  fetch?: typeof fetch;
  onRequest?: (r: RequestRecord) => void;
  /** Injectable for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests; defaults to Date.now. */
  now?: () => number;
};

const retryable = new Set([429, 503, 504]);

/** Seconds (`120`) or an HTTP-date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How long to wait before attempt `attempt + 1`. */
export function retryDelayMs(response: Response | undefined, attempt: number, opts: RetryOptions): number {
  const base = opts.baseDelayMs ?? 250;
  const fromHeader = response ? parseRetryAfter(response.headers.get('Retry-After')) : undefined;
  // Jitter spreads the retries of many tabs hitting the same throttled site.
  const backoff = base * 2 ** (attempt - 1) + Math.floor(Math.random() * base);
  return fromHeader ?? backoff;
}

/**
 * How long to hold the next request after a response carrying SharePoint's RateLimit headers
 * (Microsoft 365 Developer Blog, "Prevent throttling in your application by using RateLimit headers
 * in SharePoint Online": sent once an application has used 80% of its resource units for the
 * minute; `RateLimit-Remaining` units are left until `RateLimit-Reset` seconds from now). The
 * remaining units are spread over the rest of the window at two units a call (Learn's cost of a
 * multi-item query or a write), so the budget lasts until it resets instead of ending in a 429;
 * nothing left means waiting for the reset. 0 when the headers are absent.
 */
export function rateLimitPauseMs(headers: Headers): number {
  const remaining = Number(headers.get('RateLimit-Remaining') ?? NaN);
  const reset = Number(headers.get('RateLimit-Reset') ?? NaN);
  if (!Number.isFinite(remaining) || !Number.isFinite(reset) || reset <= 0) return 0;
  const resetMs = reset * 1000;
  if (remaining <= 0) return resetMs;
  return Math.min(resetMs, Math.ceil((resetMs * 2) / remaining));
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A PnPjs behavior replacing `on.send` with fetch + retry. */
export function FetchWithRetry(opts: SendOptions = {}) {
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const maxDelayMs = opts.maxDelayMs ?? 120_000;
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? Date.now;
  // Shared by every request of this client: the earliest time the next one may go (RateLimit headers).
  let notBefore = 0;
  return (instance: Queryable) => {
    instance.on.send.replace(async function (url: URL, init: RequestInit): Promise<Response> {
      const doFetch = opts.fetch ?? globalThis.fetch;
      const target = url.toString();
      const method = (init.method ?? 'GET').toUpperCase();
      for (let attempt = 1; ; attempt++) {
        let response: Response | undefined;
        const hold = notBefore - now();
        if (hold > 0) await sleep(Math.min(hold, maxDelayMs));
        try {
          response = await doFetch(target, init);
        } catch (err) {
          opts.onRequest?.({ method, url: target, status: 'network-error', attempt });
          if (err instanceof Error && err.name === 'AbortError') throw err;
          if (attempt >= maxAttempts) throw err;
          await sleep(retryDelayMs(undefined, attempt, opts));
          continue;
        }
        opts.onRequest?.({ method, url: target, status: response.status, attempt });
        const pause = rateLimitPauseMs(response.headers);
        if (pause > 0) notBefore = Math.max(notBefore, now() + pause);
        if (!retryable.has(response.status) || attempt >= maxAttempts) return response;
        const wait = retryDelayMs(response, attempt, opts);
        // A wait longer than we are prepared to hold a person's click for: surface it as throttled.
        if (wait > maxDelayMs) return response;
        // Free the connection before sleeping.
        await response.body?.cancel().catch(() => undefined);
        await sleep(wait);
      }
    });
    return instance;
  };
}
