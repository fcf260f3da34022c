/**
 * Bench: duplicates of every message kind the review flow posts (intro, review card, reminder, digest)
 * while things fail, with two service instances walking at once over one SharePoint site and one state
 * file, as two instances of the service do after a restart or a slot swap:
 * - the list service answers a share of requests, and of `$batch` parts, 429 or 503 with Retry-After,
 *   as SharePoint Online does under load (Learn, "Avoid getting throttled or blocked in SharePoint
 *   Online": 429 and 503 with a Retry-After header);
 * - the fake Teams client refuses a share of sends with 503 before delivering them, and loses the
 *   answer of another share after delivering them (a 504 from a gateway, or no answer at all): the
 *   case where a sender cannot know whether the owner has the card.
 * The walks follow the period as the scheduler does: its first day (intros and cards), a walk after the
 * claim lease (the next scheduled one), the register's reminder days, then its escalation days (the
 * digest to the managers' channel), each followed by a walk after the lease.
 * Each setup runs with and without the Graph delivery check (GRAPH_DELIVERY_CHECK): without it an
 * unacknowledged send is sent again by design (src/server/config.ts says so at start-up), so a lost
 * answer from Teams can become a duplicate there; with it the chat is read first.
 */
import { seeded } from '../src/emulator/faults';
import { walk } from '../src/review/scheduler';
import { DEFAULT_CLAIM_LEASE_MS } from '../src/review/send-limits';
import { createGraphDeliveryCheck } from '../src/server/review-graph-delivery';
import { fakeGraphOver } from '../src/testing/graph';
import { demoService } from '../src/emulator';
import { formatPlain, spreadOf, type Spread } from './lib/stats';
import { MESSAGE_KINDS, messagesByKind, type MessageKind } from './lib/teams-checks';
import { startReviewWorld, type ReviewWorld } from './lib/review-world';
import { startInstances } from './review-sends';

export type FaultsOptions = {
  owners: number;
  risksPerOwner: number;
  instances: number;
  /** Injected latency per list-service request. */
  latencyMs: number;
  /** Share of list-service requests (and batch parts) answered 429/503 with Retry-After: 1. */
  spFaultRate: number;
  /** Share of Teams sends refused with 503 before delivery, and share delivered whose answer is lost. */
  teamsFaultRate: number;
  /** The Graph delivery check on (the chat is read before an unacknowledged message is sent again). */
  deliveryCheck: boolean;
  repeats: number;
  seed: number;
};

export type FaultsRun = {
  byKind: Record<MessageKind, { expected: number; delivered: number; duplicates: number; missed: number }>;
  spFaults: number;
  teamsRefused: number;
  teamsLost: number;
  seconds: number;
};

export type FaultsFigures = FaultsOptions & {
  runs: FaultsRun[];
  duplicates: Record<MessageKind, Spread>;
  missed: Record<MessageKind, Spread>;
  teamsLost: Spread;
  spFaults: Spread;
};

const DAY = 24 * 60 * 60 * 1000;
const MANAGERS_CHANNEL = '19:risk-managers@thread.tacv2';

/** Teams faults for the next `n` sends, drawn from `random`: refusals before, lost answers after. */
function teamsFaults(world: ReviewWorld, n: number, rate: number, random: () => number) {
  let refused = 0;
  let lost = 0;
  world.teams.failNext = Array.from({ length: n }, () => {
    if (random() >= rate) return null;
    refused++;
    return 503;
  });
  world.teams.deliverThenFail = Array.from({ length: n }, () => {
    const r = random();
    if (r >= rate) return null;
    lost++;
    return r < rate / 2 ? 'network' : 504;
  });
  const left = (list: unknown[]) => list.filter((s) => s !== null).length;
  return {
    refused: () => refused - left(world.teams.failNext),
    lost: () => lost - left(world.teams.deliverThenFail),
  };
}

async function runOnce(o: FaultsOptions, run: number): Promise<FaultsRun> {
  const seed = o.seed + run;
  const world = await startReviewWorld({ owners: o.owners, risks: o.owners * o.risksPerOwner });
  const graph = o.deliveryCheck ? fakeGraphOver(world.teams) : undefined;
  const { instances, close } = startInstances(
    world,
    { instances: o.instances, sharedBudget: true },
    graph ? { deliveryCheck: createGraphDeliveryCheck(graph.options) } : {},
  );
  try {
    const store = instances[0]!.deps.store;
    const settings = await store.getSettings(world.register);
    // Set by a manager in the tab; here as the service's app principal, which has full control.
    await store.saveSettings({ ...settings, managersChannelId: MANAGERS_CHANNEL }, settings.etag, {
      id: demoService.id ?? 0,
      name: demoService.title,
    });
    const { reminderAfterDays, escalateAfterDays } = settings.review;
    world.service.setLatency(o.latencyMs);
    world.service.setFaults({
      rate: o.spFaultRate,
      statuses: [429, 503],
      retryAfterSeconds: 1,
      batchParts: true,
      seed,
    });
    const expectedCards = o.owners * o.risksPerOwner;
    const teams = teamsFaults(
      world,
      (o.owners + 3 * expectedCards) * 2,
      o.teamsFaultRate,
      seeded(seed * 7919),
    );
    const t0 = Date.now();
    const walkAll = () => Promise.all(instances.map((i) => walk(i.deps, i.dispatcher)));
    const afterLease = async () => {
      world.clock.advance(DEFAULT_CLAIM_LEASE_MS + 60_000);
      await walkAll();
    };
    await walkAll();
    await afterLease();
    world.clock.advance(reminderAfterDays * DAY);
    await walkAll();
    await afterLease();
    world.clock.advance((escalateAfterDays - reminderAfterDays) * DAY);
    await walkAll();
    await afterLease();
    const counts = messagesByKind(world.teams);
    const expected: Record<MessageKind, number> = {
      intro: o.owners,
      review: expectedCards,
      reminder: expectedCards,
      digest: 1,
    };
    const byKind = Object.fromEntries(
      MESSAGE_KINDS.map((k) => {
        const distinct = counts[k].delivered - counts[k].duplicates;
        return [
          k,
          {
            expected: expected[k],
            delivered: counts[k].delivered,
            duplicates: counts[k].duplicates,
            missed: Math.max(0, expected[k] - distinct),
          },
        ];
      }),
    ) as FaultsRun['byKind'];
    return {
      byKind,
      spFaults: world.spRequests.filter((r) => r.status === 429 || r.status === 503).length,
      teamsRefused: teams.refused(),
      teamsLost: teams.lost(),
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    await close();
    await world.close();
  }
}

export async function benchFaults(
  o: FaultsOptions,
  log: (line: string) => void = () => undefined,
): Promise<FaultsFigures> {
  const runs: FaultsRun[] = [];
  for (let k = 0; k < o.repeats; k++) {
    const r = await runOnce(o, k);
    log(
      `faults (delivery check ${o.deliveryCheck ? 'on' : 'off'}): run ${k + 1} in ${r.seconds.toFixed(0)} s, ` +
        `${r.spFaults} SharePoint faults, ${r.teamsRefused} Teams refusals, ${r.teamsLost} answers lost; ` +
        MESSAGE_KINDS.map(
          (kind) => `${kind} ${r.byKind[kind].delivered} (${r.byKind[kind].duplicates} dup)`,
        ).join(', '),
    );
    runs.push(r);
  }
  const per = (f: (c: FaultsRun['byKind'][MessageKind]) => number) =>
    Object.fromEntries(MESSAGE_KINDS.map((k) => [k, spreadOf(runs.map((r) => f(r.byKind[k])))])) as Record<
      MessageKind,
      Spread
    >;
  return {
    ...o,
    runs,
    duplicates: per((c) => c.duplicates),
    missed: per((c) => c.missed),
    teamsLost: spreadOf(runs.map((r) => r.teamsLost)),
    spFaults: spreadOf(runs.map((r) => r.spFaults)),
  };
}

export function faultsRows(all: FaultsFigures[]): [string, string][] {
  const rows: [string, string][] = [];
  for (const f of all) {
    const setup =
      `${f.instances} instances, ${f.owners} owners x ${f.risksPerOwner} risks, SharePoint faults ${f.spFaultRate}, ` +
      `Teams faults ${f.teamsFaultRate}, delivery check ${f.deliveryCheck ? 'on' : 'off'}`;
    rows.push([
      `Faults: ${setup}`,
      `${formatPlain(f.spFaults)} SharePoint 429/503; ${formatPlain(f.teamsLost)} Teams answers lost after delivery`,
    ]);
    for (const k of MESSAGE_KINDS) {
      rows.push([
        `  Duplicate ${k} messages`,
        `${formatPlain(f.duplicates[k])}; missed ${formatPlain(f.missed[k])}`,
      ]);
    }
  }
  return rows;
}
