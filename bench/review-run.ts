/**
 * Bench: a review run to N owners against the rate-limited fake Teams connector, then N card answers
 * through the real invoke handler (each one writes the period snapshot to the local list service).
 */
import { createDispatcher } from '../src/review/dispatcher';
import type { Risk } from '../src/domain';
import { handleCardAction, type CardInvoke } from '../src/review/invoke-handler';
import { runPeriod } from '../src/review/scheduler';
import {
  cardCounts,
  duplicateCards,
  reviewCardsSent,
  TEAMS_TENANT_LIMIT_PER_SECOND,
  type ReviewCardSent,
} from './lib/teams-checks';
import { percentile } from './lib/stats';
import { conversationOf, startReviewWorld, teamsUserIdOf, type Owner } from './lib/review-world';

export type ReviewRunFigures = {
  owners: number;
  cardsDelivered: number;
  messagesDelivered: number;
  runSeconds: number;
  /**
   * Messages per second while sending: deliveries over the seconds from the first delivery to one
   * second after the last (a limiter's last window is a whole second, however early it fills).
   */
  sendRatePerSecond: number;
  /** The most messages delivered within any one second (a sliding window): never above the budget. */
  peakPerSecond: number;
  /** sendRatePerSecond / Teams' 50 per second per app per tenant. */
  tenantLimitRatio: number;
  received429: number;
  duplicates: number;
  ownersMissed: number;
  failedSends: number;
  spRequests: number;
};

export type AnswerFigures = {
  answers: number;
  recorded: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  spRequestsPerAnswer: number;
};

/** The owner's confirm of a delivered review card, as Teams sends it. */
export function confirmOf(d: ReviewCardSent, seeded: { risk: Risk; owner: Owner }): CardInvoke {
  return {
    verb: 'confirm',
    data: {
      ...d.data,
      likelihood: String(seeded.risk.current?.likelihood),
      impact: String(seeded.risk.current?.impact),
      comment: 'No change this quarter; controls operating as described.',
    },
    from: { id: teamsUserIdOf(seeded.owner), name: seeded.owner.name },
    conversationId: d.conversationId,
    replyToId: d.id,
  };
}

/** Runs the review of `owners` owners (one risk each) and answers every card; returns both figure sets. */
export async function benchReview(
  owners: number,
  log: (line: string) => void = () => undefined,
): Promise<{ run: ReviewRunFigures; answers: AnswerFigures }> {
  const world = await startReviewWorld({ owners });
  try {
    const deps = world.deps();
    const dispatcher = createDispatcher(deps);
    log(`review: ${owners} owners seeded; sending ${world.periodId}`);
    const spBefore = world.spRequests.length;
    const t0 = world.clock.now();
    const report = await runPeriod(deps, dispatcher, { periodId: world.periodId, register: world.register });
    const runMs = world.clock.now() - t0;
    const delivered = world.teams.sent;
    const first = delivered[0]?.at ?? t0;
    const last = delivered.at(-1)?.at ?? t0;
    const rate = delivered.length > 0 ? (delivered.length * 1000) / (last - first + 1000) : 0;
    let peak = 0;
    for (let i = 0, j = 0; i < delivered.length; i++) {
      while (delivered[i]!.at - delivered[j]!.at >= 1000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    const counts = cardCounts(world.teams);
    const unsent = world.risks.filter(
      (r) => !counts.has(`${conversationOf(r.owner)}|${r.id}|${world.periodId}`),
    );
    const run: ReviewRunFigures = {
      owners,
      cardsDelivered: [...counts.values()].reduce((a, b) => a + b, 0),
      messagesDelivered: delivered.length,
      runSeconds: runMs / 1000,
      sendRatePerSecond: rate,
      peakPerSecond: peak,
      tenantLimitRatio: rate / TEAMS_TENANT_LIMIT_PER_SECOND,
      received429: world.teams.throttled,
      duplicates: duplicateCards(world.teams),
      ownersMissed: new Set(unsent.map((r) => r.owner.id)).size,
      failedSends: (report.send?.failed.length ?? 0) + (report.send?.unreachable.length ?? 0),
      spRequests: world.spRequests.length - spBefore,
    };
    if (unsent.length > 0) log(`review: ${unsent.length} risks got no card`);
    log(`review: ${run.messagesDelivered} messages in ${run.runSeconds.toFixed(1)} s; answering`);

    const byRisk = new Map(world.risks.map((r) => [r.id, r]));
    const times: number[] = [];
    let recorded = 0;
    const spBeforeAnswers = world.spRequests.length;
    for (const d of reviewCardsSent(world.teams)) {
      const seeded = byRisk.get(d.riskId);
      if (!seeded) continue;
      const started = performance.now();
      const result = await handleCardAction(deps, world.identify, confirmOf(d, seeded));
      times.push(performance.now() - started);
      if (times.length % 250 === 0) log(`review: ${times.length} answers handled`);
      if (JSON.stringify(result.value).includes('"Recorded: ')) recorded++;
    }
    const answers: AnswerFigures = {
      answers: times.length,
      recorded,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
      p99Ms: percentile(times, 99),
      spRequestsPerAnswer: times.length ? (world.spRequests.length - spBeforeAnswers) / times.length : 0,
    };
    return { run, answers };
  } finally {
    await world.close();
  }
}
