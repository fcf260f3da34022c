/**
 * Kill runs without the Graph delivery check (as locally, or where Chat.Read.All is not granted): the
 * sender's own records must make each message's fate knowable after a restart. Random kills (any
 * step, a Teams send included) and targeted kills (just after Teams kept a review card or an intro)
 * print duplicates per kill (at most one extra card per owner and risk per kill), repeated intros (0)
 * and missed owners (0).
 */
import fc from 'fast-check';
import { DEFAULT_CLAIM_LEASE_MS } from '../../src/review/sender';
import { createDispatcher } from '../../src/review/dispatcher';
import { runPeriod } from '../../src/review/scheduler';
import { conversationOf, startReviewWorld } from '../../bench/lib/review-world';
import { cardCounts } from '../../bench/lib/teams-checks';
import { FULL, scaled } from './fault-config';
import { killSwitch, type KillPlan } from './kill-switch';

const restartGap = DEFAULT_CLAIM_LEASE_MS + 60_000;

type RunFigures = {
  kills: number;
  worstExtraPerKill: number;
  extra: number;
  repeatedIntros: number;
  missed: number;
};

async function killRun(plans: KillPlan[]): Promise<RunFigures> {
  const world = await startReviewWorld({ owners: 3, risks: 5 });
  try {
    let kills = 0;
    for (const plan of plans) {
      const kill = killSwitch(plan);
      const deps = kill.wrap(world.deps());
      await runPeriod(deps, createDispatcher(deps), {
        periodId: world.periodId,
        register: world.register,
      }).catch(() => undefined);
      if (kill.killed) kills++;
      world.clock.advance(restartGap);
    }
    for (let walk = 0; walk < 2; walk++) {
      const deps = world.deps();
      await runPeriod(deps, createDispatcher(deps), { periodId: world.periodId, register: world.register });
      world.clock.advance(restartGap);
    }
    const cards = cardCounts(world.teams);
    const keys = world.risks.map((r) => `${conversationOf(r.owner)}|${r.id}|${world.periodId}`);
    const extras = keys.map((k) => Math.max(0, (cards.get(k) ?? 0) - 1));
    const intros = new Map<string, number>();
    for (const m of world.teams.sent) {
      if (/ risk review: \d+ to review$/.test(m.activity.summary ?? '')) {
        intros.set(m.conversationId, (intros.get(m.conversationId) ?? 0) + 1);
      }
    }
    return {
      kills,
      worstExtraPerKill: kills === 0 ? Math.max(0, ...extras) : Math.max(0, ...extras) / kills,
      extra: extras.reduce((a, b) => a + b, 0),
      repeatedIntros: [...intros.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
      missed: keys.filter((k) => !cards.has(k)).length,
    };
  } finally {
    await world.close();
  }
}

const plan = fc.record({
  atStep: fc.integer({ min: 1, max: 50 }),
  when: fc.constantFrom('before' as const, 'after-sharepoint' as const, 'after-any' as const),
});

test('kill runs without the delivery check: duplicates per kill, repeated intros and missed owners', async () => {
  const random = fc.sample(fc.array(plan, { minLength: 1, maxLength: 3 }), {
    numRuns: scaled(3, 12),
    seed: Number(process.env.FAULTS_SEED ?? 17),
  });
  const targeted: KillPlan[][] = [
    ...[1, 2, 3, 4, 5].map((atStep) => [
      { atStep, when: 'after-any' as const, counting: 'review-cards' as const },
    ]),
    ...[1, 2, 3].map((atStep) => [{ atStep, when: 'after-any' as const, counting: 'intros' as const }]),
    [
      { atStep: 1, when: 'after-any', counting: 'intros' },
      { atStep: 1, when: 'after-any', counting: 'review-cards' },
      { atStep: 2, when: 'after-any', counting: 'review-cards' },
    ],
  ];
  const lines: string[] = [];
  const all: RunFigures[] = [];
  for (const [name, runs] of [
    ['random', random],
    ['targeted', targeted],
  ] as const) {
    const figures: RunFigures[] = [];
    for (const plans of runs) figures.push(await killRun(plans));
    all.push(...figures);
    const kills = figures.reduce((n, f) => n + f.kills, 0);
    lines.push(
      `kill runs (${name}, no delivery check): ${figures.length} runs, ${kills} kills, ` +
        `${figures.reduce((n, f) => n + f.extra, 0)} extra cards, ` +
        `duplicates per kill (worst owner and risk): ${Math.max(...figures.map((f) => f.worstExtraPerKill)).toFixed(2)}, ` +
        `repeated intros: ${figures.reduce((n, f) => n + f.repeatedIntros, 0)}, ` +
        `missed owners: ${figures.reduce((n, f) => n + f.missed, 0)}`,
    );
  }
  process.stdout.write(`\n${lines.join('\n')}${FULL ? '' : ' (short run)'}\n`);
  expect(all.map((f) => f.missed)).toEqual(all.map(() => 0));
  expect(all.map((f) => f.repeatedIntros)).toEqual(all.map(() => 0));
  expect(Math.max(...all.map((f) => f.worstExtraPerKill))).toBeLessThanOrEqual(1);
});
