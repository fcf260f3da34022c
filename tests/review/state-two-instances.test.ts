/**
 * Acceptance of the service's state on both adapters: two review-service instances (two state-table
 * clients of one store: two SQLite connections on one file, two TableClients on one Azurite table)
 * drain one outbox of queued answers at the same time, through the real answer path (the handler's
 * replay and the answer writer, against the local list service through PnPjs), and every answer is
 * written to SharePoint exactly once: none lost, none twice. Then an instance is killed while it holds
 * an entry's lease; after a restart (both instances closed, two new ones opened on the same store) the
 * entry waits for its lease to run out and is then written, once. An instance killed just after
 * SharePoint took an answer leaves the entry behind; its take-over writes no second snapshot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newRisk } from '../../src/domain';
import { demoManager, demoRiskOwners, startListService, type ListService } from '../../src/emulator';
import { drainOutbox, type DrainReport } from '../../src/review/answer-writer';
import { createCardSigner } from '../../src/review/card-signing';
import type { ReviewDeps } from '../../src/review/context';
import { createDispatcher } from '../../src/review/dispatcher';
import { cachedDirectory } from '../../src/review/identity';
import { replayInvoke } from '../../src/review/invoke-handler';
import { DRAIN_LEASE_MS, isBookkeeping, type OutboxEntry } from '../../src/review/outbox';
import { runPeriod } from '../../src/review/scheduler';
import { startAzurite, type Azurite } from '../../src/server/azurite';
import { createIdentityLookup } from '../../src/server/review-identity';
import { openReviewStateStore, type ReviewState, type ReviewStateStore } from '../../src/server/review-state';
import {
  createRegisterStore,
  createReviewRequestStore,
  createStoreContext,
  provision,
} from '../../src/sharepoint';
import type { RegisterStore, StoredRisk } from '../../src/ports';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { FakeTeamsClient, SECRET, silent, virtualClock } from './fakes';
import { answer, cardFor, PERIOD } from './helpers';

jest.setTimeout(180_000);

const N = 8;
const owners = [demoRiskOwners[0]!, demoRiskOwners[1]!];

type Site = {
  service: ListService;
  store: RegisterStore;
  risks: StoredRisk[];
  sp: ReturnType<typeof createSpClient>;
};

async function seed(): Promise<Site> {
  const service = await startListService({});
  const admin = createSpClient({
    siteUrl: service.siteUrl,
    getToken: async () => demoManager.token,
    retry: { baseDelayMs: 10, maxAttempts: 4 },
  });
  await provision(admin, { registers: ['Corporate'], councilName: 'Test Council' });
  const adminStore = createRegisterStore(admin);
  const actor = await adminStore.currentUser();
  const risks: StoredRisk[] = [];
  for (let i = 1; i <= N; i++) {
    const owner = owners[i % 2]!;
    risks.push(
      await adminStore.createRisk(
        newRisk({
          reference: `CRR${String(i).padStart(4, '0')}`,
          title: `Risk number ${i}`,
          register: 'Corporate',
          owners: [{ name: owner.title, email: owner.email }],
          current: { likelihood: 3, impact: 3 },
        }),
        actor,
      ),
    );
  }
  const sp = createSpClient({
    siteUrl: service.siteUrl,
    getToken: async () => 'demo-service-token',
    retry: { baseDelayMs: 10, maxAttempts: 4 },
  });
  return { service, sp, store: createRegisterStore(sp), risks };
}

/** What reached SharePoint: recordReview calls per risk id, across every instance. */
type Writes = Map<number, number>;

type Instance = { state: ReviewState; deps: ReviewDeps };

type Behaviour = {
  /** Fail the write before SharePoint (a transient error), so the answer is queued as written. */
  failWrites?: () => boolean;
  /** The instance is killed during this write: it never returns, and never reaches SharePoint. */
  dieOn?: (riskId: number) => boolean;
  /** The instance is killed just after SharePoint took this write, before the outbox heard of it. */
  dieAfter?: (riskId: number) => boolean;
};

function instance(
  state: ReviewState,
  site: Site,
  teams: FakeTeamsClient,
  clock: ReturnType<typeof virtualClock>,
  writes: Writes,
  behaviour: Behaviour = {},
): Instance {
  const store: RegisterStore = {
    ...site.store,
    recordReview: async (input) => {
      if (behaviour.failWrites?.()) throw new Error('SharePoint answered 503 Server Too Busy (simulated)');
      if (behaviour.dieOn?.(input.riskId)) return new Promise<never>(() => undefined);
      writes.set(input.riskId, (writes.get(input.riskId) ?? 0) + 1);
      const written = await site.store.recordReview(input);
      if (behaviour.dieAfter?.(input.riskId)) return new Promise<never>(() => undefined);
      return written;
    },
    // A card answer checked against what it read writes through recordAnswer: the same faults.
    recordAnswer: async (input, state) => {
      if (behaviour.failWrites?.()) throw new Error('SharePoint answered 503 Server Too Busy (simulated)');
      if (behaviour.dieOn?.(input.riskId)) return new Promise<never>(() => undefined);
      writes.set(input.riskId, (writes.get(input.riskId) ?? 0) + 1);
      const written = await site.store.recordAnswer!(input, state);
      if (behaviour.dieAfter?.(input.riskId)) return new Promise<never>(() => undefined);
      return written;
    },
  };
  const deps: ReviewDeps = {
    store,
    requests: createReviewRequestStore(createStoreContext(site.sp)),
    teams,
    conversations: state.conversations,
    identities: cachedDirectory(createIdentityLookup({ sp: site.sp }), state.identities),
    outbox: state.outbox,
    channels: state.channels,
    conversationMoves: state.moves,
    signer: createCardSigner(SECRET),
    clock,
    links: {
      risk: (id) => `https://tab.example/index.html?risk=${id}`,
      status: () => 'https://tab.example/',
      myRisks: () => 'https://tab.example/',
    },
    log: silent,
  };
  return { state, deps };
}

const drain = (i: Instance) => drainOutbox(i.deps, createDispatcher(i.deps), (e) => replayInvoke(i.deps, e));
const answers = async (i: Instance): Promise<OutboxEntry[]> =>
  (await i.deps.outbox.all()).filter((e) => !isBookkeeping(e));
const done = (r: DrainReport) => [...r.recorded, ...r.replayed];

type Backend = { name: string; store(): Promise<ReviewStateStore>; cleanUp(): Promise<void> };

let azurite: Azurite | undefined;
let tables = 0;
let dir = '';
const backends: Backend[] = [
  {
    name: 'SQLite (two connections on one file)',
    store: async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'state-two-'));
      return { kind: 'sqlite', path: path.join(dir, 'review-state.db') };
    },
    cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
  },
  {
    name: 'Azure Table Storage (two clients on one Azurite table)',
    store: async () => {
      azurite ??= await startAzurite();
      return {
        kind: 'azure-tables',
        connectionString: azurite.connectionString,
        table: `twoinstances${++tables}`,
      };
    },
    cleanUp: async () => undefined,
  },
];

afterAll(async () => {
  await azurite?.stop();
});

describe.each(backends)('two service instances on $name', (backend) => {
  let site: Site;
  let where: ReviewStateStore;
  let open: ReviewState[] = [];
  const clock = virtualClock('2026-10-05T09:00:00Z');
  const openState = async () => {
    const s = await openReviewStateStore(where);
    open.push(s);
    return s;
  };

  beforeEach(async () => {
    site = await seed();
    where = await backend.store();
  });
  afterEach(async () => {
    for (const s of open) await s.close();
    open = [];
    await site.service.close();
    await backend.cleanUp();
  });

  /** Sends the period's cards and has every owner answer while SharePoint cannot take it. */
  async function queueAnswers(a: Instance, b: Instance, teams: FakeTeamsClient, failing: { on: boolean }) {
    await runPeriod(a.deps, createDispatcher(a.deps), { periodId: PERIOD });
    for (const [n, risk] of site.risks.entries()) {
      const via = n % 2 === 0 ? a : b;
      const { card, id, conversationId } = cardFor({ teams } as never, risk.reference);
      const owner = owners[(n + 1) % 2]!;
      // Even: SharePoint unreadable (kept unchecked, replayed later); odd: the write itself refused.
      if (n % 2 === 0) site.service.setFaults({ rate: 1, statuses: [503], retryAfterSeconds: 0 });
      else failing.on = true;
      await answer(
        { deps: via.deps } as never,
        card,
        'confirm',
        { likelihood: '3', impact: '3', comment: `Steady ${risk.reference}` },
        owner.email,
        conversationId,
        id,
      );
      site.service.setFaults(undefined);
      failing.on = false;
      // Answers a second apart: the outbox's order (oldest first) is the order they came in.
      clock.advance(1000);
    }
    const queued = await answers(a);
    expect(queued).toHaveLength(N);
    expect(new Set(queued.map((e) => e.kind ?? 'answer'))).toEqual(new Set(['invoke', 'answer']));
    clock.advance(10 * 60_000);
    return queued.map((e) => e.key).sort();
  }

  async function expectOneSnapshotEach() {
    for (const risk of site.risks) {
      const history = (await site.store.getHistory(risk.id)).filter((h) => h.periodId === PERIOD);
      expect({ risk: risk.reference, snapshots: history.length }).toEqual({
        risk: risk.reference,
        snapshots: 1,
      });
      expect(history[0]?.comment).toBe(`Steady ${risk.reference}`);
    }
  }

  it('drain one outbox at once: every answer written exactly once; a restart writes nothing again', async () => {
    const teams = new FakeTeamsClient(clock);
    for (const o of owners) teams.addChat(o.email);
    const writes: Writes = new Map();
    const failing = { on: false };
    const a = instance(await openState(), site, teams, clock, writes, { failWrites: () => failing.on });
    const b = instance(await openState(), site, teams, clock, writes, { failWrites: () => failing.on });
    const keys = await queueAnswers(a, b, teams, failing);

    const [ra, rb] = await Promise.all([drain(a), drain(b)]);
    // Both took part, and no entry was done by both.
    expect(done(ra).length).toBeGreaterThan(0);
    expect(done(rb).length).toBeGreaterThan(0);
    expect([...done(ra), ...done(rb)].sort()).toEqual(keys);
    expect(site.risks.map((r) => writes.get(r.id))).toEqual(site.risks.map(() => 1));
    expect(await answers(a)).toEqual([]);
    await expectOneSnapshotEach();

    // Restart: both closed, two new instances on the same store find nothing left to write.
    await a.state.close();
    await b.state.close();
    open = [];
    const c = instance(await openState(), site, teams, clock, writes);
    const d = instance(await openState(), site, teams, clock, writes);
    clock.advance(DRAIN_LEASE_MS + 60_000);
    const [rc, rd] = await Promise.all([drain(c), drain(d)]);
    expect([...done(rc), ...done(rd)]).toEqual([]);
    expect(site.risks.map((r) => writes.get(r.id))).toEqual(site.risks.map(() => 1));
  });

  it('an instance killed holding a lease: the other writes the rest; after a restart the lease runs out and its entry is written once', async () => {
    const teams = new FakeTeamsClient(clock);
    for (const o of owners) teams.addChat(o.email);
    const writes: Writes = new Map();
    const failing = { on: false };
    // The first answer queued (the oldest entry, so the first a drain takes).
    const victim = site.risks[0]!.id;
    let died = () => undefined as void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    const a = instance(await openState(), site, teams, clock, writes, {
      failWrites: () => failing.on,
      dieOn: (riskId) => {
        if (failing.on || riskId !== victim) return false;
        died();
        return true;
      },
    });
    const b = instance(await openState(), site, teams, clock, writes, { failWrites: () => failing.on });
    const keys = await queueAnswers(a, b, teams, failing);
    const victimKey = keys.find((k) => k.startsWith(`${victim}|`))!;

    // A takes the oldest entry and is killed in its SharePoint write (its drain never returns).
    void drain(a);
    await dead;
    const rb = await drain(b);
    expect(done(rb).sort()).toEqual(keys.filter((k) => k !== victimKey));
    expect(writes.get(victim)).toBeUndefined();
    expect((await answers(b)).map((e) => e.key)).toEqual([victimKey]);

    // Restart: the dead instance's state is closed under it; two new instances open on the store.
    await a.state.close();
    await b.state.close();
    open = [];
    const c = instance(await openState(), site, teams, clock, writes);
    const d = instance(await openState(), site, teams, clock, writes);
    // Within the lease the entry stays with its (dead) holder: nobody writes it twice.
    const early = await Promise.all([drain(c), drain(d)]);
    expect(early.flatMap(done)).toEqual([]);
    expect((await answers(c)).map((e) => e.key)).toEqual([victimKey]);
    // After the lease it is taken over by exactly one of them and written once.
    clock.advance(DRAIN_LEASE_MS + 1000);
    const late = await Promise.all([drain(c), drain(d)]);
    expect(late.flatMap(done)).toEqual([victimKey]);
    expect(site.risks.map((r) => writes.get(r.id))).toEqual(site.risks.map(() => 1));
    expect(await answers(d)).toEqual([]);
    await expectOneSnapshotEach();
  });

  it.each([
    ['kept unchecked (replayed through the handler)', 0],
    ['queued after a refused write (the answer writer)', 1],
  ])(
    'an instance killed after SharePoint took an answer %s: the take-over after the lease writes no second snapshot',
    async (_kind, n) => {
      const teams = new FakeTeamsClient(clock);
      for (const o of owners) teams.addChat(o.email);
      const writes: Writes = new Map();
      const failing = { on: false };
      const victim = site.risks[n as number]!.id;
      let died = () => undefined as void;
      const dead = new Promise<void>((resolve) => (died = resolve));
      const a = instance(await openState(), site, teams, clock, writes, {
        failWrites: () => failing.on,
        dieAfter: (riskId) => {
          if (riskId !== victim) return false;
          died();
          return true;
        },
      });
      const b = instance(await openState(), site, teams, clock, writes, { failWrites: () => failing.on });
      const keys = await queueAnswers(a, b, teams, failing);
      const victimKey = keys.find((k) => k.startsWith(`${victim}|`))!;
      void drain(a);
      await dead;
      await drain(b);
      // SharePoint has the victim's answer; the outbox still holds it, leased to the dead instance.
      expect((await answers(b)).map((e) => e.key)).toEqual([victimKey]);

      await a.state.close();
      await b.state.close();
      open = [];
      const c = instance(await openState(), site, teams, clock, writes);
      const d = instance(await openState(), site, teams, clock, writes);
      clock.advance(DRAIN_LEASE_MS + 1000);
      const late = await Promise.all([drain(c), drain(d)]);
      // Taken over once; SharePoint refuses a second snapshot of the period (or the handler sees it recorded).
      expect(late.flatMap((r) => [...done(r), ...r.conflicts])).toEqual([victimKey]);
      expect(writes.get(victim)).toBeLessThanOrEqual(2);
      expect(await answers(c)).toEqual([]);
      await expectOneSnapshotEach();
    },
  );
});
