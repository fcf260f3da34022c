/**
 * The review flow against the local list service with the real SharePoint repositories (no mocked
 * repository): idempotent runs, crash and two-instance safety through SharePoint's unique keys and
 * ETags, answers written as snapshots, 412 and outage handling. Teams is the throttling fake.
 */
import { drainOutbox } from '../../src/review/answer-writer';
import { createCardSigner } from '../../src/review/card-signing';
import { createMemoryConversationStore } from '../../src/review/conversations';
import type { ReviewDeps } from '../../src/review/context';
import { createDispatcher } from '../../src/review/dispatcher';
import { cachedDirectory } from '../../src/review/identity';
import { createIdentityLookup } from '../../src/server/review-identity';
import { replayInvoke } from '../../src/review/invoke-handler';
import { createMemoryOutbox } from '../../src/review/outbox';
import { runPeriod } from '../../src/review/scheduler';
import { demoManager } from '../../src/emulator';
import { createRegisterStore } from '../../src/sharepoint';
import { createSpClient } from '../../src/sharepoint/sp-client';
import type { ReviewRequestStore } from '../../src/ports';
import { FakeTeamsClient, SECRET, silent, virtualClock } from './fakes';
import { answer, cardFor, PERIOD, textOf } from './helpers';
import { priya, seedSite, tom, type SeededSite } from './seed';

jest.setTimeout(120_000);

type World = {
  site: SeededSite;
  deps: ReviewDeps;
  teams: FakeTeamsClient;
  clock: ReturnType<typeof virtualClock>;
};

async function setUp(requests?: (real: ReviewRequestStore) => ReviewRequestStore): Promise<World> {
  const site = await seedSite();
  const clock = virtualClock('2026-10-05T09:00:00Z');
  const teams = new FakeTeamsClient(clock);
  teams.addChat(priya.email);
  teams.addChat(tom.email);
  const deps: ReviewDeps = {
    store: site.store,
    requests: requests ? requests(site.requests) : site.requests,
    teams,
    conversations: createMemoryConversationStore(),
    // The production look-up: each owner's object id from the site user SharePoint returns.
    identities: cachedDirectory(createIdentityLookup({ sp: site.sp })),
    outbox: createMemoryOutbox(),
    signer: createCardSigner(SECRET),
    clock,
    links: {
      risk: (id) => `https://tab.example/index.html?risk=${id}`,
      status: () => 'https://tab.example/',
      myRisks: () => 'https://tab.example/',
    },
    log: silent,
  };
  return { site, deps, teams, clock };
}

const reviewCards = (w: World) => w.teams.cards().filter((c) => String(c.card.speak).includes('review of'));
const run = (w: World) => runPeriod(w.deps, createDispatcher(w.deps), { periodId: PERIOD });

describe('review flow on the local list service', () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.site.close();
    w = undefined;
  });

  it('creates the requests in SharePoint, sends one card per due risk, and sends nothing on a re-run', async () => {
    w = await setUp();
    await run(w);
    await run(w);
    expect(reviewCards(w)).toHaveLength(3);
    const stored = await w.site.requests.listRequests({ periodId: PERIOD });
    expect(stored.map((r) => `${r.riskReference}:${r.status}`).sort()).toEqual([
      'CRR0001:sent',
      'CRR0002:sent',
      'CRR0003:sent',
    ]);
  });

  it('resumes after a crash between creating the requests and sending, with exactly one card per risk', async () => {
    let crash = true;
    w = await setUp((real) => ({
      ...real,
      updateRequest: async (...args) => {
        if (crash) throw new Error('Simulated crash of the service');
        return real.updateRequest(...args);
      },
    }));
    await expect(run(w)).rejects.toThrow('Simulated crash');
    expect((await w.site.requests.listRequests({ periodId: PERIOD })).map((r) => r.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    crash = false;
    await run(w);
    expect(
      reviewCards(w)
        .map((c) => /CRR000\d/.exec(String(c.card.speak))![0])
        .sort(),
    ).toEqual(['CRR0001', 'CRR0002', 'CRR0003']);
  });

  it('lets two instances run the same period at once without a duplicate card', async () => {
    w = await setUp();
    const d = w.deps;
    await Promise.all([
      runPeriod(d, createDispatcher(d), { periodId: PERIOD }),
      runPeriod(d, createDispatcher(d), { periodId: PERIOD }),
    ]);
    expect(reviewCards(w)).toHaveLength(3);
    expect(await w.site.requests.listRequests({ periodId: PERIOD })).toHaveLength(3);
  });

  it('records an answer as the period snapshot and the risk rating, and asks to re-confirm after a concurrent edit', async () => {
    w = await setUp();
    await run(w);
    const world = { deps: w.deps } as Parameters<typeof answer>[0];
    const first = cardFor({ teams: w.teams } as never, 'CRR0002').card;
    const res = await answer(world, first, 'change', {
      likelihood: '5',
      impact: '4',
      comment: 'Funding gap widened.',
    });
    expect(textOf(res.value)).toContain('Recorded: rating changed');
    const risk2 = w.site.risks[1]!;
    expect((await w.site.store.getRisk(risk2.id)).current).toEqual({ likelihood: 5, impact: 4 });
    expect((await w.site.store.getHistory(risk2.id))[0]).toMatchObject({
      outcome: 'changed',
      comment: 'Funding gap widened.',
    });
    expect(
      (await w.site.requests.listRequests({ periodId: PERIOD })).find((r) => r.riskId === risk2.id)!.status,
    ).toBe('answered');

    // A manager edits CRR0001 in the tab after its card went out.
    const manager = createRegisterStore(
      createSpClient({ siteUrl: w.site.service.siteUrl, getToken: async () => demoManager.token }),
    );
    const r1 = await manager.getRisk(w.site.risks[0]!.id);
    await manager.updateRisk(
      r1.id,
      { current: { likelihood: 2, impact: 4 } },
      r1.etag,
      await manager.currentUser(),
    );
    const stale = await answer(world, cardFor({ teams: w.teams } as never, 'CRR0001').card, 'confirm', {
      likelihood: '3',
      impact: '4',
      comment: 'No change.',
    });
    expect(textOf(stale.value)).toContain('The risk changed since this card was sent');
    expect(await w.site.store.getHistory(r1.id)).toHaveLength(0);
  });

  it('keeps an answer through a SharePoint outage and writes it when SharePoint is back', async () => {
    w = await setUp();
    await run(w);
    const world = { deps: w.deps } as Parameters<typeof answer>[0];
    const { card, id, conversationId } = cardFor({ teams: w.teams } as never, 'CRR0001');
    w.site.service.setFaults({ rate: 1, statuses: [503], retryAfterSeconds: 0 });
    const res = await answer(
      world,
      card,
      'confirm',
      { likelihood: '3', impact: '4', comment: 'Holding steady.' },
      priya.email,
      conversationId,
      id,
    );
    expect(textOf(res.value)).toContain('Saved: waiting for SharePoint');
    expect((await w.deps.outbox.all()).filter((e) => e.kind !== 'intro')).toHaveLength(1);
    w.site.service.setFaults(undefined);
    w.clock.advance(60_000);
    const drained = await drainOutbox(w.deps, createDispatcher(w.deps), (e) => replayInvoke(w!.deps, e));
    expect(drained.replayed).toHaveLength(1);
    expect((await w.deps.outbox.all()).filter((e) => e.kind !== 'intro')).toHaveLength(0);
    expect((await w.site.store.getHistory(w.site.risks[0]!.id))[0]).toMatchObject({
      comment: 'Holding steady.',
      outcome: 'confirmed',
    });
    expect(w.teams.updates.map((u) => u.activityId)).toEqual([id]);
    expect(textOf(w.teams.updates[0]!.activity.attachments![0]!.content)).toContain(
      'Recorded: rating confirmed',
    );
  });
});
