/**
 * Requests made at about the same moment go out together in one `$batch`. The review service works
 * on many owners at once, and each owner's claim, status and review read is a small request of its
 * own; on SharePoint Online every round trip costs 100-500 ms and counts against the tenant's
 * resource units, so requests that meet within a few milliseconds share one.
 *
 * A `$batch` is not transactional: a part that succeeds stays written when another fails
 * (../shared/reference/tenant-realities.md, "Make batch requests with the REST APIs"), so each caller
 * gets exactly what its request alone would have given it, its own 412 included. A part throttled
 * inside a successful batch is sent again on its own (batch.ts).
 */
import type { SPFI } from '@pnp/sp';
import { settleInBatch } from './batch';

export type Coalescer = <T>(op: (s: SPFI) => Promise<T>) => Promise<T>;

/** How long the first request waits for others (ms). */
const windowMs = 5;
/** Parts per `$batch`: PnPjs's default; SharePoint's practical ceiling is about 100. */
const maxRequests = 20;

type Waiting = { op: (s: SPFI) => Promise<unknown>; resolve(v: unknown): void; reject(e: unknown): void };

const bySp = new WeakMap<SPFI, Coalescer>();

/** The coalescer of one configured client (one per SPFI, so every store on it shares the batches). */
export function coalescerOf(sp: SPFI): Coalescer {
  const known = bySp.get(sp);
  if (known) return known;
  let queue: Waiting[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    const taken = queue;
    queue = [];
    timer = undefined;
    for (let i = 0; i < taken.length; i += maxRequests) {
      const chunk = taken.slice(i, i + maxRequests);
      if (chunk.length === 1) {
        // Alone: sent as itself, with no batch around it.
        const [only] = chunk as [Waiting];
        only.op(sp).then(only.resolve, only.reject);
        continue;
      }
      void settleInBatch(
        sp,
        chunk.map((w) => w.op),
        { maxRequests },
      ).then(
        (settled) =>
          settled.forEach((s, n) =>
            s.status === 'fulfilled' ? chunk[n]!.resolve(s.value) : chunk[n]!.reject(s.reason),
          ),
        (err: unknown) => chunk.forEach((w) => w.reject(err)),
      );
    }
  };

  const coalesce: Coalescer = <T>(op: (s: SPFI) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ op, resolve: resolve as (v: unknown) => void, reject });
      if (queue.length >= maxRequests) {
        if (timer) clearTimeout(timer);
        flush();
      } else if (!timer) timer = setTimeout(flush, windowMs);
    });
  bySp.set(sp, coalesce);
  return coalesce;
}
