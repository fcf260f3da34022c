/**
 * Optional throttling injection for tests: a configured share of requests is answered 429 or 503
 * with Retry-After, as SharePoint Online does under load. A seeded generator makes runs repeatable.
 */
import { errorBody, SpCodes, SpError } from './errors';
import type { FaultOptions, SpResponse } from './types';

/** mulberry32: tiny, fast, good enough to pick which requests fail (and, in tests, repeatable delays). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultInjector = {
  /** A fault for the next HTTP request, or undefined. */
  next(): SpResponse | undefined;
  /** A fault for the next part of a `$batch` (only with `batchParts`), or undefined. */
  nextPart(): SpResponse | undefined;
};

/** Builds an injector; `undefined` or rate 0 never fails a request. */
export function faultInjector(options: FaultOptions | undefined): FaultInjector {
  if (!options || options.rate <= 0) return { next: () => undefined, nextPart: () => undefined };
  const random = seeded(options.seed ?? 1);
  const statuses = options.statuses?.length ? options.statuses : [429, 503];
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const injector: FaultInjector = {
    nextPart: () => (options.batchParts ? injector.next() : undefined),
    next() {
      if (random() >= options.rate) return undefined;
      const status = statuses[Math.floor(random() * statuses.length)] ?? 429;
      const err =
        status === 429
          ? new SpError(
              429,
              SpCodes.requestLimit,
              'The request has been throttled. Wait for Retry-After seconds and try again.',
            )
          : new SpError(
              503,
              SpCodes.spException,
              'The service is temporarily unavailable (injected fault). Retry later.',
            );
      return {
        status,
        headers: {
          'Retry-After': retryAfter,
          'Content-Type': 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8',
        },
        body: errorBody(err),
      };
    },
  };
  return injector;
}
