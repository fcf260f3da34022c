/**
 * The tenant's Teams budget shared by every service instance. Teams allows an app 50 requests per
 * second per tenant, all of its calls together ("Optimize your bot with rate limiting and best
 * practices", learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit). A budget kept per
 * instance either wastes most of it (each instance a fixed share) or exceeds it when two run at once
 * (a restart, a slot swap). Here the budget is one row of the service's state table (SQLite locally,
 * Azure Table Storage in production) holding the times of the calls granted in the last second: an
 * instance takes a slot by writing the row back with its own time added, at the version it read, so
 * of two instances taking the last slot exactly one gets it and the other reads again. Each instance
 * uses whatever the other leaves.
 *
 * Cost: two state-table requests (a point read and a conditional replace) per slot, and a retry when
 * the other instance wrote in between. An instance takes its slots one at a time, so its own calls do
 * not conflict with each other.
 */
import type { Clock } from './clock';
import { isConflict, type StateTable } from './state-table';

export type SendBudget = {
  /** Waits until the tenant has room for one more call, and takes it. */
  acquire(): Promise<void>;
};

/**
 * Calls per second for the whole tenant, two below Teams' 50: instances' clocks and the service's
 * disagree by a few milliseconds, so a budget exactly at the limit could let a call land in a second
 * that Teams already counts as full.
 */
export const SHARED_SENDS_PER_SECOND = 48;

export const budgetPartition = 'budget';
const budgetKey = 'teams-tenant';
const windowMs = 1_000;

type BudgetRow = { granted: number[] };

export function sharedSendBudget(
  table: StateTable,
  clock: Clock,
  perSecond: number = SHARED_SENDS_PER_SECOND,
): SendBudget {
  if (!Number.isInteger(perSecond) || perSecond < 1)
    throw new Error(`The shared Teams budget must be a whole number of calls per second, got ${perSecond}.`);
  const take = async (): Promise<void> => {
    for (;;) {
      const row = await table.get<BudgetRow>(budgetPartition, budgetKey);
      const now = clock.now();
      const granted = (row?.value.granted ?? []).filter((t) => t > now - windowMs);
      if (granted.length >= perSecond) {
        // The call that must leave the window before one more fits.
        const oldest = granted[granted.length - perSecond]!;
        await clock.sleep(oldest + windowMs - now + 1);
        continue;
      }
      const value: BudgetRow = { granted: [...granted, now] };
      const written = row
        ? await table.replace(budgetPartition, budgetKey, value, row.etag)
        : await table.insert(budgetPartition, budgetKey, value);
      if (!isConflict(written)) return;
      // Another instance took a slot in between: read again.
    }
  };
  let queue: Promise<void> = Promise.resolve();
  return {
    acquire: () => {
      const mine = queue.then(take);
      queue = mine.catch(() => undefined);
      return mine;
    },
  };
}
