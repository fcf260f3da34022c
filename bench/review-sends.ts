/**
 * Bench: the review run of two service instances at once (a restart or a slot swap) over one
 * SharePoint site and one shared state file (two SQLite connections on it, as two instances share
 * Azure Table Storage), with an injected latency per list-service request. Both run the same period
 * against the one rate-limited fake Teams tenant. Prints what the issue asks of the send path: the
 * messages delivered per second over Teams' 50/s, SharePoint round trips per card, and the duplicates
 * of each message kind (intro, review card), each as the median and spread of repeated runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isIntroFor } from '../src/review/delivery-check';
import type { ReviewDeps } from '../src/review/context';
import { createDispatcher, type Dispatcher } from '../src/review/dispatcher';
import { cachedDirectory } from '../src/review/identity';
import { runPeriod } from '../src/review/scheduler';
import { DEFAULT_OWNERS_IN_FLIGHT } from '../src/review/sender';
import { createIdentityLookup } from '../src/server/review-identity';
import { openReviewState } from '../src/server/review-state';
import { formatPlain, formatSpread, spreadOf, type Spread } from './lib/stats';
import { cardCounts, duplicateCards, TEAMS_TENANT_LIMIT_PER_SECOND } from './lib/teams-checks';
import { conversationOf, startReviewWorld, type ReviewWorld } from './lib/review-world';

export type SendsOptions = {
  owners: number;
  /** Risks per owner (each owner gets one intro and this many cards). */
  risksPerOwner: number;
  latencyMs: number;
  instances: number;
  repeats: number;
  /**
   * The instances share the tenant's Teams budget through the state (send-budget.ts), as the service
   * does; false: each keeps its own 20/s window (before the shared budget).
   */
  sharedBudget: boolean;
  /** Owners in flight per instance; absent: the sender's default. */
  ownersInFlight?: number;
};

/** One run of the instances together. */
export type SendsRun = {
  messages: number;
  cards: number;
  seconds: number;
  perSecond: number;
  /** perSecond / Teams' 50 per second per app per tenant. */
  tenantRatio: number;
  /** Every SharePoint request of the run (both instances) over the cards delivered. */
  spPerCard: number;
  duplicateIntros: number;
  duplicateCards: number;
  ownersMissed: number;
  received429: number;
};

export type SendsFigures = SendsOptions & {
  runs: SendsRun[];
  tenantRatio: Spread;
  perSecond: Spread;
  spPerCard: Spread;
  duplicateIntros: Spread;
  duplicateCards: Spread;
  ownersMissed: Spread;
  received429: Spread;
};

/** Service instances over one world: each its own connection to one shared state file. */
export type Instances = {
  instances: { deps: ReviewDeps; dispatcher: Dispatcher }[];
  close(): Promise<void>;
};

export function startInstances(
  world: ReviewWorld,
  o: Pick<SendsOptions, 'instances' | 'sharedBudget' | 'ownersInFlight'>,
  extra: Partial<ReviewDeps> = {},
): Instances {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-sends-'));
  const states = Array.from({ length: o.instances }, () => openReviewState(path.join(dir, 'state.db')));
  const instances = states.map((state) => {
    const deps = world.deps({
      outbox: state.outbox,
      conversations: state.conversations,
      identities: cachedDirectory(createIdentityLookup({ sp: world.sp }), state.identities),
      ...(o.sharedBudget ? { sendBudget: state.sendBudget(world.clock) } : {}),
      ...(o.ownersInFlight ? { concurrency: o.ownersInFlight } : {}),
      ...extra,
    });
    return { deps, dispatcher: createDispatcher(deps) };
  });
  return {
    instances,
    close: async () => {
      for (const s of states) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Intros beyond the first per conversation for the period. */
export function duplicateIntros(world: ReviewWorld): number {
  const isIntro = isIntroFor(world.periodLabel);
  const intros = new Map<string, number>();
  for (const m of world.teams.sent) {
    if (isIntro(m.activity.attachments?.[0]?.content))
      intros.set(m.conversationId, (intros.get(m.conversationId) ?? 0) + 1);
  }
  return [...intros.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
}

async function runOnce(o: SendsOptions): Promise<SendsRun> {
  const world = await startReviewWorld({ owners: o.owners, risks: o.owners * o.risksPerOwner });
  const { instances, close } = startInstances(world, o);
  try {
    world.service.setLatency(o.latencyMs);
    const spBefore = world.spRequests.length;
    const t0 = world.clock.now();
    await Promise.all(
      instances.map((i) =>
        runPeriod(i.deps, i.dispatcher, { periodId: world.periodId, register: world.register }),
      ),
    );
    const seconds = (world.clock.now() - t0) / 1000;
    const delivered = world.teams.sent;
    const first = delivered[0]?.at ?? t0;
    const last = delivered.at(-1)?.at ?? t0;
    const perSecond = delivered.length > 0 ? (delivered.length * 1000) / (last - first + 1000) : 0;
    const counts = cardCounts(world.teams);
    const cards = [...counts.values()].reduce((a, b) => a + b, 0);
    const unsent = world.risks.filter(
      (r) => !counts.has(`${conversationOf(r.owner)}|${r.id}|${world.periodId}`),
    );
    return {
      messages: delivered.length,
      cards,
      seconds,
      perSecond,
      tenantRatio: perSecond / TEAMS_TENANT_LIMIT_PER_SECOND,
      spPerCard: cards ? (world.spRequests.length - spBefore) / cards : 0,
      duplicateIntros: duplicateIntros(world),
      duplicateCards: duplicateCards(world.teams),
      ownersMissed: new Set(unsent.map((r) => r.owner.id)).size,
      received429: world.teams.throttled,
    };
  } finally {
    await close();
    await world.close();
  }
}

export async function benchSends(
  o: SendsOptions,
  log: (line: string) => void = () => undefined,
): Promise<SendsFigures> {
  const runs: SendsRun[] = [];
  for (let k = 0; k < o.repeats; k++) {
    const r = await runOnce(o);
    log(
      `sends: run ${k + 1}: ${r.messages} messages in ${r.seconds.toFixed(1)} s, ${r.perSecond.toFixed(1)}/s, ` +
        `${r.spPerCard.toFixed(2)} SharePoint requests a card, duplicates ${r.duplicateIntros} intros ${r.duplicateCards} cards`,
    );
    runs.push(r);
  }
  const of = (f: (r: SendsRun) => number) => spreadOf(runs.map(f));
  return {
    ...o,
    runs,
    tenantRatio: of((r) => r.tenantRatio),
    perSecond: of((r) => r.perSecond),
    spPerCard: of((r) => r.spPerCard),
    duplicateIntros: of((r) => r.duplicateIntros),
    duplicateCards: of((r) => r.duplicateCards),
    ownersMissed: of((r) => r.ownersMissed),
    received429: of((r) => r.received429),
  };
}

export function sendsRows(f: SendsFigures): [string, string][] {
  const setup =
    `${f.instances} instances, ${f.owners} owners x ${f.risksPerOwner} risks, ${f.latencyMs} ms a SharePoint request, ` +
    `${f.sharedBudget ? 'shared' : 'own'} budget, ${f.ownersInFlight ?? DEFAULT_OWNERS_IN_FLIGHT} owners in flight`;
  return [
    [`Send rate / 50, ${setup}`, `${formatPlain(f.tenantRatio)} (${formatSpread(f.perSecond, '/s')})`],
    ['SharePoint round trips per card (both instances)', formatPlain(f.spPerCard)],
    ['Duplicate intros', formatPlain(f.duplicateIntros)],
    ['Duplicate review cards', formatPlain(f.duplicateCards)],
    ['Owners missed', formatPlain(f.ownersMissed)],
    ['429s received', formatPlain(f.received429)],
  ];
}
