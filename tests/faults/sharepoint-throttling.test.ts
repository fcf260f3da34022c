/**
 * SharePoint answering 429/503 to a fifth of all requests (with Retry-After) during a review run, the
 * owners' answers and a manager's bulk edits: everything completes and nothing is lost.
 */
import { createDispatcher } from '../../src/review/dispatcher';
import { drainOutbox } from '../../src/review/answer-writer';
import { handleCardAction } from '../../src/review/invoke-handler';
import { periodStatus, runPeriod } from '../../src/review/scheduler';
import { createRegisterStore } from '../../src/sharepoint';
import {
  conversationOf,
  startReviewWorld,
  teamsUserIdOf,
  type ReviewWorld,
} from '../../bench/lib/review-world';
import { cardCounts, duplicateCards, reviewCardsSent } from '../../bench/lib/teams-checks';
import { scaled } from './fault-config';

// Whole requests and single parts inside a $batch alike.
const faults = {
  rate: 0.2,
  statuses: [429, 503] as (429 | 503)[],
  retryAfterSeconds: 0,
  seed: 20,
  batchParts: true,
};

let world: ReviewWorld;
afterEach(async () => {
  await world?.close();
});

test('a review run and every answer complete with 20% of SharePoint requests throttled', async () => {
  const owners = scaled(8, 60);
  world = await startReviewWorld({ owners, risks: Math.round(owners * 1.5), faults });
  const deps = world.deps();
  const dispatcher = createDispatcher(deps);

  // A run that still meets a failure leaves the request pending for the next scheduled walk.
  for (let walk = 0; walk < 3; walk++) {
    const report = await runPeriod(deps, dispatcher, { periodId: world.periodId, register: world.register });
    if ((report.send?.failed.length ?? 0) === 0) break;
  }
  const counts = cardCounts(world.teams);
  for (const r of world.risks) {
    expect(counts.get(`${conversationOf(r.owner)}|${r.id}|${world.periodId}`)).toBe(1);
  }
  expect(duplicateCards(world.teams)).toBe(0);
  expect(world.spRequests.some((q) => q.status === 429 || q.status === 503)).toBe(true);

  const byRisk = new Map(world.risks.map((r) => [r.id, r]));
  for (const d of reviewCardsSent(world.teams)) {
    const r = byRisk.get(d.riskId)!;
    await handleCardAction(deps, world.identify, {
      verb: 'change',
      data: {
        ...d.data,
        likelihood: '1',
        impact: '1',
        comment: `Mitigated: ${r.risk.reference}`,
      },
      from: { id: teamsUserIdOf(r.owner) },
      conversationId: d.conversationId,
      replyToId: d.id,
    });
  }
  // Answers SharePoint could not take wait in the outbox; the drain writes them.
  for (let n = 0; n < 5 && (await world.outbox.all()).filter((e) => e.kind !== 'intro').length > 0; n++) {
    world.clock.advance(31 * 60_000);
    await drainOutbox(deps, dispatcher);
  }
  expect((await world.outbox.all()).filter((e) => e.kind !== 'intro')).toEqual([]);

  world.service.setFaults(undefined);
  const store = createRegisterStore(world.sp);
  for (const r of world.risks) {
    const history = await store.getHistory(r.id);
    const snap = history.find((s) => s.periodId === world.periodId);
    expect(snap?.comment).toBe(`Mitigated: ${r.risk.reference}`);
    expect((await store.getRisk(r.id)).current).toEqual({ likelihood: 1, impact: 1 });
  }
  const status = await periodStatus(deps, world.periodId);
  expect(status.counts.answered).toBe(world.risks.length);
});

test('a bulk edit of many risks completes with 20% of SharePoint requests throttled, with every audit entry', async () => {
  const count = scaled(15, 80);
  world = await startReviewWorld({ owners: 3, risks: count, faults });
  const store = createRegisterStore(world.sp);
  const actor = await store.currentUser();
  for (const r of world.risks) {
    const stored = await store.getRisk(r.id);
    await store.updateRisk(
      r.id,
      { description: `Edited in bulk: ${r.risk.reference}`, current: { likelihood: 2, impact: 2 } },
      stored.etag,
      actor,
      'tab',
    );
  }
  world.service.setFaults(undefined);
  expect(world.spRequests.some((q) => q.status === 429 || q.status === 503)).toBe(true);
  for (const r of world.risks) {
    const stored = await store.getRisk(r.id);
    expect(stored.description).toBe(`Edited in bulk: ${r.risk.reference}`);
    expect(stored.current).toEqual({ likelihood: 2, impact: 2 });
    const audit = await store.getAudit(r.id);
    expect(audit.filter((a) => a.field.toLowerCase().includes('description'))).toHaveLength(1);
  }
});
