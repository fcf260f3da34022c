/**
 * The review service killed at random points of a run, then started again (new process, same
 * SharePoint and state file): in the end every owner has exactly one card per risk. Killed just after
 * Teams kept a card, the restarted service finds the card in the owner's chat through the production
 * Graph delivery check (here against a fake Graph listing what the fake Teams delivered).
 */
import fc from 'fast-check';
import { DEFAULT_CLAIM_LEASE_MS } from '../../src/review/sender';
import { createDispatcher } from '../../src/review/dispatcher';
import { runPeriod } from '../../src/review/scheduler';
import { conversationOf, startReviewWorld } from '../../bench/lib/review-world';
import { cardCounts } from '../../bench/lib/teams-checks';
import type { ReviewDeps } from '../../src/review/context';
import { createGraphDeliveryCheck } from '../../src/server/review-graph-delivery';
import { fakeGraphOver } from '../../src/testing/graph';
import { scaled } from './fault-config';
import { killSwitch, type KillPlan } from './kill-switch';

/** The next scheduled walk comes after the claim lease of the dead instance has run out. */
const restartGap = DEFAULT_CLAIM_LEASE_MS + 60_000;

async function runWithKills(
  plans: KillPlan[],
  options: { deliveryCheck: boolean } = { deliveryCheck: true },
): Promise<{ counts: number[]; missing: string[]; killedAt: number[] }> {
  const world = await startReviewWorld({ owners: 3, risks: 5 });
  const check = options.deliveryCheck
    ? { deliveryCheck: createGraphDeliveryCheck(fakeGraphOver(world.teams).options) }
    : {};
  const depsOf = (): ReviewDeps => world.deps(check);
  try {
    const killedAt: number[] = [];
    for (const plan of plans) {
      const kill = killSwitch(plan);
      const deps = kill.wrap(depsOf());
      await runPeriod(deps, createDispatcher(deps), {
        periodId: world.periodId,
        register: world.register,
      }).catch(() => undefined);
      if (kill.killed) killedAt.push(plan.atStep);
      world.clock.advance(restartGap);
    }
    // The service comes back and its next walks run undisturbed.
    for (let walk = 0; walk < 2; walk++) {
      const deps = depsOf();
      await runPeriod(deps, createDispatcher(deps), { periodId: world.periodId, register: world.register });
      world.clock.advance(restartGap);
    }
    const cards = cardCounts(world.teams);
    const keys = world.risks.map((r) => `${conversationOf(r.owner)}|${r.id}|${world.periodId}`);
    return {
      counts: keys.map((k) => cards.get(k) ?? 0),
      missing: keys.filter((k) => !cards.has(k)),
      killedAt,
    };
  } finally {
    await world.close();
  }
}

test('killed at random steps (between calls, or just after a SharePoint write landed): exactly one card per owner and risk', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          // A clean run of this register takes 31 steps (each card's risk, settings and history are
          // one read; the intro reuses its owner's first card's), so the first kill always lands.
          atStep: fc.integer({ min: 1, max: 31 }),
          when: fc.constantFrom('before' as const, 'after-sharepoint' as const),
        }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      async (plans) => {
        const result = await runWithKills(plans);
        expect(result.killedAt.length).toBeGreaterThan(0);
        expect(result.missing).toEqual([]);
        expect(result.counts.every((c) => c === 1)).toBe(true);
      },
    ),
    { numRuns: scaled(4, 10), endOnFailure: true },
  );
});

test('killed anywhere, a Teams send included (Teams kept the card, the service never heard back): exactly one card per owner and risk', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          atStep: fc.integer({ min: 1, max: 50 }),
          when: fc.constantFrom('before' as const, 'after-sharepoint' as const, 'after-any' as const),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      async (plans) => {
        const result = await runWithKills(plans);
        expect(result.missing).toEqual([]);
        expect(result.counts.every((c) => c === 1)).toBe(true);
      },
    ),
    { numRuns: scaled(4, 10), endOnFailure: true },
  );
});

test('killed just after Teams kept the first review card: found in the chat, not sent again; without the check it would be', async () => {
  const plan: KillPlan = { atStep: 1, when: 'after-any', counting: 'review-cards' };
  const checked = await runWithKills([plan]);
  expect(checked.killedAt).toEqual([1]);
  expect(checked.missing).toEqual([]);
  expect(checked.counts.every((c) => c === 1)).toBe(true);
  const unchecked = await runWithKills([plan], { deliveryCheck: false });
  expect(unchecked.missing).toEqual([]);
  expect(unchecked.counts.filter((c) => c === 2)).toHaveLength(1);
});

test('a takeover killed after its claim, before its check, still finds the card an older claim sent (fast-check counterexample, CI seed 1408688924)', async () => {
  // The second run dies just after Teams kept a card (its send never recorded); the third dies on
  // its eighth call, the takeover claim of that same request, before its delivery check. The next
  // walk must read the chat from the first claim, not from the dead takeover's.
  const result = await runWithKills([
    { atStep: 11, when: 'before' },
    { atStep: 37, when: 'after-any' },
    { atStep: 8, when: 'after-sharepoint' },
  ]);
  expect(result.killedAt).toEqual([11, 37, 8]);
  expect(result.missing).toEqual([]);
  expect(result.counts).toEqual([1, 1, 1, 1, 1]);
});

test('without a delivery check (no Graph, as locally), a card Teams kept unacknowledged is sent once more: nobody missed', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 50 }), async (atStep) => {
      const result = await runWithKills([{ atStep, when: 'after-any' }], { deliveryCheck: false });
      expect(result.missing).toEqual([]);
      expect(result.counts.every((c) => c === 1 || c === 2)).toBe(true);
      expect(result.counts.filter((c) => c === 2).length).toBeLessThanOrEqual(1);
    }),
    { numRuns: scaled(2, 5), endOnFailure: true },
  );
});
