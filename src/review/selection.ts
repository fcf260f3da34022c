/**
 * Which risks need a review in a period, and the review requests that stand for them: one per risk,
 * period and owner. Pure: the scheduler loads the register and stores what this returns.
 */
import { isReviewDue, type Period, type RegisterSettings } from '../domain';
import type { RegisterRow, ReviewRequest } from '../ports';

export type SelectionProblem = { riskReference: string; problem: string };

export type Selection = {
  requests: ReviewRequest[];
  /** Due risks that cannot get a card, with the reason: shown to managers, never silently skipped. */
  problems: SelectionProblem[];
  /** References of due risks already reviewed for the period (in the tab or by import). */
  alreadyReviewed: string[];
};

/** The request key the SharePoint list enforces as unique. */
export function requestKeyOf(riskId: number, periodId: string, ownerId: number): string {
  return `${riskId}|${periodId}|${ownerId}`;
}

/**
 * Selects the due risks of one register view (open risks whose review frequency or fixed review date
 * falls in the period) and makes one pending request per owner. Risks already reviewed for the period
 * get none; owners the site cannot identify are reported as problems.
 */
export function selectDueRequests(
  rows: readonly RegisterRow[],
  period: Period,
  settings: RegisterSettings,
): Selection {
  const requests: ReviewRequest[] = [];
  const problems: SelectionProblem[] = [];
  const alreadyReviewed: string[] = [];
  for (const { risk, snapshot } of rows) {
    if (!isReviewDue(risk, period, settings.financialYearStartMonth)) continue;
    if (snapshot && (snapshot.outcome === 'confirmed' || snapshot.outcome === 'changed')) {
      alreadyReviewed.push(risk.reference);
      continue;
    }
    if (risk.owners.length === 0) {
      problems.push({
        riskReference: risk.reference,
        problem: `${risk.reference} has no owner, so no one can review it. Add an owner in the register.`,
      });
      continue;
    }
    const seen = new Set<number>();
    for (const owner of risk.owners) {
      if (owner.id === undefined) {
        problems.push({
          riskReference: risk.reference,
          problem:
            `${risk.reference}: owner "${owner.name}" is not a user of the register site, so they cannot be sent a card. ` +
            'Pick them again from the people picker in the register.',
        });
        continue;
      }
      if (seen.has(owner.id)) continue;
      seen.add(owner.id);
      requests.push({
        key: requestKeyOf(risk.id, period.id, owner.id),
        riskId: risk.id,
        riskReference: risk.reference,
        periodId: period.id,
        owner: { ...owner, id: owner.id },
        status: 'pending',
        attempts: 0,
      });
    }
  }
  return { requests, problems, alreadyReviewed };
}
