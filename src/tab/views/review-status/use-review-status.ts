/** This period's review progress: counts per state, per owner, and the risks still waiting. */
import { useMemo } from 'react';
import type { ReviewState } from '../../../ports';
import type { RegisterData, TabRow } from '../../data/use-register-data';

export type StateCounts = Record<ReviewState, number>;

export type OwnerProgress = { owner: string; counts: StateCounts; total: number };

const empty = (): StateCounts => ({
  confirmed: 0,
  changed: 0,
  outstanding: 0,
  overdue: 0,
  'not-reviewed': 0,
  'not-due': 0,
});

const collator = new Intl.Collator('en-GB', { numeric: true });

/** Review progress of the open risks on one register (or all). */
export function summariseReviews(data: RegisterData, register: string | undefined) {
  const rows = data.rows.filter(
    (r) => r.risk.status === 'open' && (!register || r.risk.register === register),
  );
  const totals = empty();
  const byOwner = new Map<string, StateCounts>();
  for (const row of rows) {
    totals[row.reviewState] += 1;
    const owners = row.risk.owners.length ? row.risk.owners.map((o) => o.name) : ['No owner'];
    for (const owner of owners) {
      const c = byOwner.get(owner) ?? empty();
      c[row.reviewState] += 1;
      byOwner.set(owner, c);
    }
  }
  const owners: OwnerProgress[] = [...byOwner.entries()]
    .map(([owner, counts]) => ({ owner, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) }))
    .sort(
      (a, b) =>
        b.counts.overdue + b.counts.outstanding - (a.counts.overdue + a.counts.outstanding) ||
        collator.compare(a.owner, b.owner),
    );
  const waiting: TabRow[] = rows
    .filter((r) => r.reviewState === 'overdue' || r.reviewState === 'outstanding')
    .sort((a, b) =>
      a.reviewState === b.reviewState
        ? collator.compare(a.risk.reference, b.risk.reference)
        : a.reviewState === 'overdue'
          ? -1
          : 1,
    );
  const due = rows.length - totals['not-due'];
  const done = totals.confirmed + totals.changed;
  return { totals, owners, waiting, due, done };
}

export function useReviewStatus(data: RegisterData, register: string | undefined) {
  return useMemo(() => summariseReviews(data, register), [data, register]);
}
