/**
 * Several requests in one `$batch`. The batch request itself goes through the client's retry
 * (src/sharepoint/retry.ts), but a part SharePoint answers 429, 503 or 504 inside a successful batch
 * reply never reaches that retry: PnPjs rejects just that part. Such a part did not run, so it is sent
 * again on its own, one after another, through the same client and its Retry-After handling, instead
 * of failing the whole operation.
 */
import type { SPFI } from '@pnp/sp';
import { httpStatus } from './errors';

const throttled = new Set([429, 503, 504]);

const isThrottled = (err: unknown): boolean => {
  const status = httpStatus(err);
  return status !== undefined && throttled.has(status);
};

/**
 * Runs `ops` in one batch (each builds its request on the SPFI it is given) and settles each one,
 * throttled parts retried alone. Rejects only when the batch request itself fails.
 */
export async function settleInBatch<T>(
  sp: SPFI,
  ops: ((s: SPFI) => Promise<T>)[],
  options: { maxRequests?: number } = {},
): Promise<PromiseSettledResult<T>[]> {
  const [batched, execute] = sp.batched(options);
  const pending = ops.map((op) => op(batched));
  // Parts reject when the batch itself fails; that error is the one reported.
  for (const p of pending) p.catch(() => undefined);
  await execute();
  const settled = await Promise.allSettled(pending);
  for (let i = 0; i < settled.length; i++) {
    const s = settled[i]!;
    if (s.status === 'fulfilled' || !isThrottled(s.reason)) continue;
    try {
      settled[i] = { status: 'fulfilled', value: await ops[i]!(sp) };
    } catch (err) {
      settled[i] = { status: 'rejected', reason: err };
    }
  }
  return settled;
}

/** Reads in one batch: all results in order, or the first failure. */
export async function readInBatch<T>(sp: SPFI, reads: ((s: SPFI) => Promise<T>)[]): Promise<T[]> {
  const settled = await settleInBatch(sp, reads);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
