/**
 * Confirm, change and duplicate submits of one review card arriving at once, in random interleavings:
 * every request of the service's client is delayed by a seeded random few milliseconds, and the
 * submits start a random few milliseconds apart. After each round exactly one answer is recorded,
 * the period snapshot and the risk's live rating agree, the record was written once, nobody whose
 * answer is not the record is told "Recorded", and every other submit is shown the record.
 */
import fc from 'fast-check';
import { demoService } from '../../src/emulator';
import { createDispatcher } from '../../src/review/dispatcher';
import { handleCardAction, type CardInvoke } from '../../src/review/invoke-handler';
import { runPeriod } from '../../src/review/scheduler';
import {
  createRegisterStore,
  createReviewRequestStore,
  createStoreContext,
  type RegisterStore,
} from '../../src/sharepoint';
import { ListTitles, snapshotKey, F } from '../../src/sharepoint/schema';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { reviewCardsSent } from '../../bench/lib/teams-checks';
import { startReviewWorld, teamsUserIdOf, type ReviewWorld } from '../../bench/lib/review-world';
import { actionData, textOf } from '../review/helpers';
import type { Card } from '../../src/review/cards';
import type { ReviewDeps } from '../../src/review/context';
import { FULL, scaled } from './fault-config';
// mulberry32, so a round's delays are repeatable from its seed.
import { seeded } from '../../src/emulator/faults';

let world: ReviewWorld;
let store: RegisterStore;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The service's dependencies over a client whose every request waits a random 0-8 ms each way. */
function jitteredDeps(random: () => number): ReviewDeps {
  const jittered: typeof fetch = async (url, init) => {
    await sleep(random() * 8);
    const response = await fetch(url, init);
    await sleep(random() * 8);
    return response;
  };
  const sp = createSpClient({
    siteUrl: world.service.siteUrl,
    getToken: async () => demoService.token,
    fetch: jittered,
    retry: { baseDelayMs: 20, maxAttempts: 8 },
  });
  return world.deps({
    store: createRegisterStore(sp),
    requests: createReviewRequestStore(createStoreContext(sp)),
  });
}

beforeAll(async () => {
  world = await startReviewWorld({ owners: 2, risks: 2 });
  const deps = world.deps();
  await runPeriod(deps, createDispatcher(deps), { periodId: world.periodId, register: world.register });
  store = createRegisterStore(world.sp);
});

afterAll(async () => {
  await world?.close();
});

type Submit = { verb: 'confirm' | 'change'; likelihood: number; impact: number; comment: string };

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  /** Start from no answer (the first answer) or replace the one recorded ("Change my answer"). */
  fresh: fc.boolean(),
  submits: fc.array(
    fc.record({
      kind: fc.constantFrom('confirm', 'change', 'duplicate'),
      likelihood: fc.integer({ min: 1, max: 5 }),
      impact: fc.integer({ min: 1, max: 5 }),
      of: fc.nat(),
      startMs: fc.integer({ min: 0, max: 25 }),
    }),
    { minLength: 2, maxLength: 5 },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const version = (etag: string | undefined): number => Number(/(\d+)\D*$/.exec(etag ?? '')?.[1] ?? 0);

async function snapshotItem(riskId: number): Promise<{ Id: number; etag: string } | undefined> {
  const items = await world.sp.web.lists
    .getByTitle(ListTitles.snapshots)
    .items.filter(`${F.snapshots.key} eq '${snapshotKey(riskId, world.periodId)}'`)
    .select('Id')();
  const item = items[0] as { Id: number; 'odata.etag': string } | undefined;
  return item ? { Id: item.Id, etag: item['odata.etag'] } : undefined;
}

/** One round on one card; returns what went wrong (empty when the record is consistent). */
async function round(riskId: number, no: number, s: Scenario): Promise<string[]> {
  const owner = world.risks.find((r) => r.id === riskId)!.owner;
  const from = { id: teamsUserIdOf(owner) };
  // Cards are compared to the second; a new card in the same second as the last record would be "older".
  world.clock.advance(2_000);
  const before = await snapshotItem(riskId);
  if (s.fresh && before) {
    await world.sp.web.lists.getByTitle(ListTitles.snapshots).items.getById(before.Id).delete();
  }
  const start = await handleCardAction(world.deps(), world.identify, {
    verb: s.fresh || !before ? 'refresh' : 'edit',
    data: reviewCardsSent(world.teams).find((c) => c.riskId === riskId)!.data,
    from,
  });
  const data = actionData(start.value, 'confirm');
  const risk = await store.getRisk(riskId);
  const current = risk.current!;
  const submits: Submit[] = [];
  for (const [i, x] of s.submits.entries()) {
    const copied = x.kind === 'duplicate' && submits.length > 0 ? submits[x.of % submits.length] : undefined;
    if (copied) {
      submits.push({ ...copied });
    } else if (x.kind === 'change' && (x.likelihood !== current.likelihood || x.impact !== current.impact)) {
      submits.push({
        verb: 'change',
        likelihood: x.likelihood,
        impact: x.impact,
        comment: `change ${no}.${i}`,
      });
    } else {
      submits.push({ verb: 'confirm', ...current, comment: `confirm ${no}.${i}` });
    }
  }
  const deps = jitteredDeps(seeded(s.seed));
  const cards = await Promise.all(
    submits.map(async (x, i): Promise<Card> => {
      await sleep(s.submits[i]!.startMs);
      const invoke: CardInvoke = {
        verb: x.verb,
        data: { ...data, likelihood: String(x.likelihood), impact: String(x.impact), comment: x.comment },
        from,
      };
      return (await handleCardAction(deps, world.identify, invoke)).value;
    }),
  );

  const problems: string[] = [];
  const snaps = (await store.getHistory(riskId)).filter((h) => h.periodId === world.periodId);
  const after = await store.getRisk(riskId);
  if (snaps.length !== 1) return [`${snaps.length} snapshots for the period`];
  const snap = snaps[0]!;
  const winner = submits.find((x) => x.comment === snap.comment);
  if (!winner) problems.push(`the snapshot's comment "${snap.comment}" is none of the submits'`);
  else if (snap.current?.likelihood !== winner.likelihood || snap.current?.impact !== winner.impact) {
    problems.push('the snapshot mixes two answers');
  }
  if (
    after.current?.likelihood !== snap.current?.likelihood ||
    after.current?.impact !== snap.current?.impact
  ) {
    problems.push(
      `the risk says ${after.current?.likelihood}x${after.current?.impact}, the snapshot ${snap.current?.likelihood}x${snap.current?.impact}`,
    );
  }
  const written = version(snap.etag) - (s.fresh || !before ? 0 : version(before.etag));
  if (written !== 1) problems.push(`the snapshot was written ${written} times`);
  if (version(after.etag) - version(risk.etag) > 1) problems.push('the risk was written more than once');
  let toldRecorded = 0;
  for (const [i, c] of cards.entries()) {
    const text = textOf(c);
    const showsRecord = text.includes('Recorded: ') && text.includes(snap.comment);
    const told = showsRecord && !/not recorded/.test(text);
    if (!showsRecord)
      problems.push(`submit ${i} (${submits[i]!.comment}) was not shown the record: ${text.slice(0, 160)}`);
    if (told) {
      toldRecorded++;
      if (submits[i]!.comment !== snap.comment) problems.push(`submit ${i} was told "Recorded" but lost`);
    }
  }
  if (toldRecorded === 0) problems.push('nobody was told their answer was recorded');
  return problems;
}

test('one recorded answer per card and period whatever arrives at once', async () => {
  const runs = scaled(8, 100);
  const seed = Number(process.env.FAULTS_SEED ?? 17);
  const lines: string[] = [];
  let inconsistent = 0;
  const failures: string[] = [];
  for (const [c, r] of world.risks.entries()) {
    const scenarios = fc.sample(scenario, { numRuns: runs, seed: seed + c });
    let bad = 0;
    let submits = 0;
    for (const [no, s] of scenarios.entries()) {
      submits += s.submits.length;
      const problems = await round(r.id, no, s);
      if (problems.length) {
        bad++;
        failures.push(`card ${c + 1} round ${no}: ${problems.join('; ')}`);
      }
    }
    inconsistent += bad;
    lines.push(
      `answer races, card ${c + 1}: ${runs} interleavings, ${submits} submits, inconsistent records: ${bad}`,
    );
  }
  lines.push(`answer races${FULL ? '' : ' (short run)'}: inconsistent records ${inconsistent}`);
  process.stdout.write(`\n${lines.join('\n')}\n`);
  expect(failures).toEqual([]);
  expect(inconsistent).toBe(0);
});
