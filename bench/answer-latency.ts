/**
 * Bench: card answers when SharePoint is slow. The list service waits `latencyMs` before every HTTP
 * request (a `$batch` once), standing in for SharePoint Online's 150-500 ms round trip; answers
 * arrive `concurrency` at a time through the real invoke handler with the service's answer deadline
 * (REVIEW_ANSWER_DEADLINE_MS). Two times per answer: until Teams is answered (the invoke reply),
 * and until the card shows the record (the reply itself, or the card replaced after a slow write).
 */
import { defaultAnswerDeadlineMs } from '../src/server/config';
import { createDispatcher } from '../src/review/dispatcher';
import { handleCardAction } from '../src/review/invoke-handler';
import { runPeriod } from '../src/review/scheduler';
import { cardActivity } from '../src/review/teams-client';
import { percentile } from './lib/stats';
import { reviewCardsSent } from './lib/teams-checks';
import { startReviewWorld } from './lib/review-world';
import { confirmOf } from './review-run';

export type SlowAnswerFigures = {
  latencyMs: number;
  deadlineMs: number;
  concurrency: number;
  answers: number;
  recorded: number;
  /** Answered from the outbox ("being recorded"), the card replaced later. */
  late: number;
  teamsP50Ms: number;
  teamsP95Ms: number;
  /** Until the card shows the recorded answer. */
  recordP95Ms: number;
  /** Every SharePoint HTTP request of the answers (background writes included) / answers. */
  spRequestsPerAnswer: number;
};

/** Answers per concurrency level: at least `minAnswers`, in waves of `concurrency`. */
const wavesOf = (concurrency: number, minAnswers: number) => Math.max(2, Math.ceil(minAnswers / concurrency));

export async function benchSlowAnswers(
  options: { latencyMs?: number; concurrency?: number[]; minAnswers?: number; deadlineMs?: number } = {},
  log: (line: string) => void = () => undefined,
): Promise<SlowAnswerFigures[]> {
  const latencyMs = options.latencyMs ?? 200;
  const levels = options.concurrency ?? [1, 10, 50];
  const minAnswers = options.minAnswers ?? 20;
  const deadlineMs = options.deadlineMs ?? defaultAnswerDeadlineMs;
  const plan = levels.map((c) => ({ c, n: c * wavesOf(c, minAnswers) }));
  const owners = plan.reduce((a, p) => a + p.n, 0);
  const world = await startReviewWorld({ owners });
  try {
    const seedDeps = world.deps();
    await runPeriod(seedDeps, createDispatcher(seedDeps), {
      periodId: world.periodId,
      register: world.register,
    });
    const cards = reviewCardsSent(world.teams);
    const byRisk = new Map(world.risks.map((r) => [r.id, r]));
    /** When each card (by activity id) was replaced after a slow write. */
    const replaced = new Map<string, number>();
    const deps = world.deps({
      answerDeadlineMs: deadlineMs,
      updateCard: async (conversationId, activityId, card) => {
        await world.teams.update(conversationId, activityId, cardActivity(card, 'Your review answer'));
        replaced.set(activityId, performance.now());
      },
    });
    world.service.setLatency(latencyMs);
    log(`slow answers: ${owners} cards, ${latencyMs} ms a SharePoint request, deadline ${deadlineMs} ms`);
    const out: SlowAnswerFigures[] = [];
    let next = 0;
    for (const { c, n } of plan) {
      const teams: number[] = [];
      const record: number[] = [];
      let recorded = 0;
      let late = 0;
      const spBefore = world.spRequests.length;
      for (let wave = 0; wave < n / c; wave++) {
        const batch = cards.slice(next, next + c);
        next += c;
        const pending: { activityId: string; started: number }[] = [];
        await Promise.all(
          batch.map(async (d) => {
            const seeded = byRisk.get(d.riskId)!;
            const started = performance.now();
            const result = await handleCardAction(deps, world.identify, confirmOf(d, seeded));
            const answered = performance.now();
            teams.push(answered - started);
            const text = JSON.stringify(result.value);
            if (text.includes('"Recorded: ')) {
              recorded++;
              record.push(answered - started);
            } else if (text.includes('Your answer is being recorded')) {
              late++;
              pending.push({ activityId: d.id, started });
            }
          }),
        );
        // The wave's slow writes settle (their cards replaced) before the next wave starts.
        for (let i = 0; i < 600 && pending.some((p) => !replaced.has(p.activityId)); i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        for (const p of pending) {
          const at = replaced.get(p.activityId);
          if (at === undefined) continue;
          record.push(at - p.started);
          const card = world.teams.updates.findLast((u) => u.activityId === p.activityId);
          if (JSON.stringify(card?.activity ?? {}).includes('"Recorded: ')) recorded++;
        }
      }
      const figures: SlowAnswerFigures = {
        latencyMs,
        deadlineMs,
        concurrency: c,
        answers: teams.length,
        recorded,
        late,
        teamsP50Ms: percentile(teams, 50),
        teamsP95Ms: percentile(teams, 95),
        recordP95Ms: percentile(record, 95),
        spRequestsPerAnswer: teams.length ? (world.spRequests.length - spBefore) / teams.length : 0,
      };
      log(
        `slow answers at ${c}: Teams p95 ${figures.teamsP95Ms.toFixed(0)} ms, record p95 ${figures.recordP95Ms.toFixed(0)} ms, ${figures.late} late`,
      );
      out.push(figures);
    }
    return out;
  } finally {
    world.service.setLatency(0);
    await world.close();
  }
}
