/**
 * Teams has no idempotency key: a card Teams kept but the service never recorded (it died, or the
 * answer was lost) must not reach the owner twice. With the Graph delivery check the sender looks in
 * the owner's chat first; without one it sends again, so nobody is missed.
 */
import { chasePeriod } from '../../src/review/chasing';
import type { ReviewDeps } from '../../src/review/context';
import { createDispatcher } from '../../src/review/dispatcher';
import { runPeriod } from '../../src/review/scheduler';
import { DEFAULT_CLAIM_LEASE_MS, SETTLE_MS } from '../../src/review/sender';
import { createGraphDeliveryCheck } from '../../src/server/review-graph-delivery';
import { priya, tom, world, type TestWorld } from './fakes';
import { fakeGraphOver, type FakeGraph } from '../../src/testing/graph';
import { PERIOD } from './helpers';

/** The process dies the moment Teams has kept the card for `reference`: nothing after it is written. */
function dyingAfterCard(deps: ReviewDeps, reference: string): ReviewDeps {
  return dyingAfterSummary(deps, `Review ${reference}`);
}

/** The process dies the moment Teams has kept a message whose summary starts with `prefix`. */
function dyingAfterSummary(deps: ReviewDeps, prefix: string): ReviewDeps {
  let dead = false;
  const guard = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (dead) throw new Error('The service was killed (simulated).');
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
          const summary = (args[1] as { summary?: string } | undefined)?.summary;
          if (prop === 'send' && summary?.startsWith(prefix)) {
            dead = true;
            throw new Error('The service was killed (simulated).');
          }
          return result;
        };
      },
    });
  return { ...deps, store: guard(deps.store), requests: guard(deps.requests), teams: guard(deps.teams) };
}

type Logged = { level: string; message: string }[];

function withCheck(w: TestWorld): { graph: FakeGraph; logged: Logged } {
  const graph = fakeGraphOver(w.teams);
  const logged: Logged = [];
  w.deps = {
    ...w.deps,
    deliveryCheck: createGraphDeliveryCheck(graph.options),
    log: {
      info: (message) => logged.push({ level: 'info', message }),
      warn: (message) => logged.push({ level: 'warn', message }),
      error: (message) => logged.push({ level: 'error', message }),
    },
  };
  return { graph, logged };
}

const run = (deps: ReviewDeps) => runPeriod(deps, createDispatcher(deps), { periodId: PERIOD });

/** Messages in Priya's chat by summary, in order. */
const priyaChat = (w: TestWorld) =>
  w.teams.sent.filter((m) => m.conversationId === `a:chat-${priya.email}`).map((m) => m.activity.summary);

const priyaRequests = (w: TestWorld) => w.requests.items.filter((r) => r.owner.id === priya.id);

const INTRO = 'Q3 2026/27 risk review: 2 to review';
const CARD1 = 'Review CRR0001: Failure to safeguard vulnerable children';
const CARD2 = 'Review CRR0002: Budget gap in adult social care';

describe('a card Teams kept but the service never recorded', () => {
  it('is found in the owner’s chat when the claim is taken over, recorded, and not sent again', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    const { graph, logged } = withCheck(w);
    await run(dyingAfterCard(w.deps, 'CRR0001')).catch(() => undefined);
    expect(priyaChat(w)).toEqual([INTRO, CARD1]);
    const before = w.requests.items.find((r) => r.riskReference === 'CRR0001')!;
    expect(before).toMatchObject({ status: 'pending', attempts: 1 });
    expect(before.activityId).toBeUndefined();

    // Restarted: within the lease the dead instance's claims are left alone.
    await run(w.deps);
    expect(priyaChat(w)).toEqual([INTRO, CARD1]);
    w.clock.advance(DEFAULT_CLAIM_LEASE_MS + 60_000);
    await run(w.deps);
    // No second intro, no second CRR0001 card; CRR0002 (claimed but never sent) goes now.
    expect(priyaChat(w)).toEqual([INTRO, CARD1, CARD2]);
    const card1Id = w.teams.sent.find((m) => m.activity.summary === CARD1)!.id;
    expect(w.requests.items.find((r) => r.riskReference === 'CRR0001')).toMatchObject({
      status: 'sent',
      activityId: card1Id,
      conversationId: `a:chat-${priya.email}`,
    });
    expect(priyaRequests(w).every((r) => r.status === 'sent')).toBe(true);
    expect(graph.calls.filter((c) => c.path.includes('/messages')).length).toBeGreaterThanOrEqual(2);
    expect(logged).toContainEqual({
      level: 'info',
      message: expect.stringMatching(/Teams already has the 2026\/27-Q3 card for CRR0001 to Priya Shah/),
    });
  });

  it('is sent again when there is no delivery check (nobody missed; the owner may see it twice), the intro not', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    await run(dyingAfterCard(w.deps, 'CRR0001')).catch(() => undefined);
    w.clock.advance(DEFAULT_CLAIM_LEASE_MS + 60_000);
    await run(w.deps);
    // The intro's claim in the local state says it was sent: only the unacknowledged card goes again.
    expect(priyaChat(w)).toEqual([INTRO, CARD1, CARD1, CARD2]);
    expect(priyaRequests(w).every((r) => r.status === 'sent')).toBe(true);
  });

  it('waits for the next walk when Graph is throttled, then records the card without sending it', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    const { graph } = withCheck(w);
    await run(dyingAfterCard(w.deps, 'CRR0001')).catch(() => undefined);
    w.clock.advance(DEFAULT_CLAIM_LEASE_MS + 60_000);
    // The intro check and the CRR0001 check are both throttled.
    graph.failNext.push(429, 429);
    await run(w.deps);
    const held = w.requests.items.find((r) => r.riskReference === 'CRR0001')!;
    expect(held.status).toBe('pending');
    expect(held.lastError).toMatch(
      /Could not check whether Teams already has the card .*429.*next walk checks again/,
    );
    expect(priyaChat(w).filter((s) => s === CARD1)).toHaveLength(1);
    w.clock.advance(DEFAULT_CLAIM_LEASE_MS + 60_000);
    await run(w.deps);
    expect(priyaChat(w).filter((s) => s === CARD1)).toHaveLength(1);
    expect(w.requests.items.find((r) => r.riskReference === 'CRR0001')).toMatchObject({ status: 'sent' });
  });

  it('is sent again, with a warning naming the permission, when Graph refuses to show the chat', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    const { graph, logged } = withCheck(w);
    await run(dyingAfterCard(w.deps, 'CRR0001')).catch(() => undefined);
    w.clock.advance(DEFAULT_CLAIM_LEASE_MS + 60_000);
    graph.failNext.push(403, 403);
    await run(w.deps);
    expect(priyaChat(w).filter((s) => s === CARD1)).toHaveLength(2);
    expect(logged.map((l) => l.message).join('\n')).toMatch(
      /Could not check whether Teams already has the 2026\/27-Q3 card for CRR0001.*Chat\.Read\.All.*sending it so the owner is not missed/,
    );
  });
});

describe('a send that Teams answered with a gateway error or not at all', () => {
  it('is looked for in the chat after a settle delay instead of being retried blindly', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    w.teams.addChat(tom.email);
    withCheck(w);
    // Priya's intro goes through; her first card is kept behind a 504, her second behind no answer at all.
    w.teams.deliverThenFail.push(null, 504, 'network');
    const report = await run(w.deps);
    expect(priyaChat(w)).toEqual([INTRO, CARD1, CARD2]);
    expect(w.clock.slept.some((ms) => ms >= SETTLE_MS - 1_000)).toBe(true);
    const card1Id = w.teams.sent.find((m) => m.activity.summary === CARD1)!.id;
    expect(priyaRequests(w).find((r) => r.riskReference === 'CRR0001')).toMatchObject({
      status: 'sent',
      activityId: card1Id,
    });
    expect(report.send?.sent.map((s) => s.key).sort()).toEqual(w.requests.items.map((r) => r.key).sort());
    expect(w.requests.items.every((r) => r.status === 'sent')).toBe(true);
  });

  it('is sent after the settle delay when it is not in the chat', async () => {
    const w = world();
    w.teams.addChat(tom.email);
    withCheck(w);
    w.teams.failNext.push(null, 502);
    await run(w.deps);
    const tomCards = w.teams.sent.filter((m) => m.activity.summary?.startsWith('Review CRR0003'));
    expect(tomCards).toHaveLength(1);
    expect(w.requests.items.find((r) => r.riskReference === 'CRR0003')).toMatchObject({ status: 'sent' });
  });

  it('keeps its claim for the next walk when the second try has no clear answer either', async () => {
    const w = world();
    w.teams.addChat(tom.email);
    withCheck(w);
    w.teams.failNext.push(null, 502, 502);
    await run(w.deps);
    const held = w.requests.items.find((r) => r.riskReference === 'CRR0003')!;
    expect(held).toMatchObject({ status: 'pending' });
    expect(held.sentAt).toBeDefined();
    expect(held.lastError).toMatch(/did not say whether it kept the card.*next walk checks the chat/);
    w.clock.advance(DEFAULT_CLAIM_LEASE_MS + 60_000);
    await run(w.deps);
    expect(w.teams.sent.filter((m) => m.activity.summary?.startsWith('Review CRR0003'))).toHaveLength(1);
    expect(w.requests.items.find((r) => r.riskReference === 'CRR0003')).toMatchObject({ status: 'sent' });
  });

  it('is retried at once, as before, when no delivery check is configured', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    w.teams.deliverThenFail.push(null, 504);
    await run(w.deps);
    expect(priyaChat(w)).toEqual([INTRO, CARD1, CARD1, CARD2]);
  });
});

describe('a reminder Teams kept but the service never recorded', () => {
  const DAY = 24 * 3600 * 1000;
  const reminders = (w: TestWorld) =>
    w.teams.sent.filter((m) => m.activity.summary === 'Reminder: review CRR0001').length;

  async function remindedThenKilled(check: boolean) {
    const w = world();
    w.teams.addChat(priya.email);
    if (check) withCheck(w);
    await run(w.deps);
    w.clock.advance(8 * DAY);
    // The service dies as Teams keeps the CRR0001 reminder.
    const dying = dyingAfterSummary(w.deps, 'Reminder: review CRR0001');
    await chasePeriod(dying, createDispatcher(dying), PERIOD).catch(() => undefined);
    expect(reminders(w)).toBe(1);
    const claimed = w.requests.items.find((r) => r.riskReference === 'CRR0001')!;
    expect(claimed.status).toBe('sent');
    expect(claimed.remindedAt).toBeDefined();
    return w;
  }

  it('is found in the chat by the next walk and recorded, not sent again', async () => {
    const w = await remindedThenKilled(true);
    // Within the lease nothing happens; after it, the chat is checked.
    await chasePeriod(w.deps, createDispatcher(w.deps), PERIOD);
    expect(reminders(w)).toBe(1);
    w.clock.advance(DEFAULT_CLAIM_LEASE_MS + 60_000);
    const report = await chasePeriod(w.deps, createDispatcher(w.deps), PERIOD);
    expect(report.reminded).toContain('1|2026/27-Q3|8');
    expect(reminders(w)).toBe(1);
    const reminder = w.teams.sent.find((m) => m.activity.summary === 'Reminder: review CRR0001')!;
    expect(w.requests.items.find((r) => r.riskReference === 'CRR0001')).toMatchObject({
      status: 'reminded',
      activityId: reminder.id,
    });
  });

  it('is sent again without a delivery check, so the owner is still reminded', async () => {
    const w = await remindedThenKilled(false);
    w.clock.advance(DEFAULT_CLAIM_LEASE_MS + 60_000);
    await chasePeriod(w.deps, createDispatcher(w.deps), PERIOD);
    expect(reminders(w)).toBe(2);
    expect(w.requests.items.find((r) => r.riskReference === 'CRR0001')).toMatchObject({ status: 'reminded' });
  });

  it('is sent once when two instances chase at the same time', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    await run(w.deps);
    w.clock.advance(8 * DAY);
    await Promise.all([
      chasePeriod(w.deps, createDispatcher(w.deps), PERIOD),
      chasePeriod(w.deps, createDispatcher(w.deps), PERIOD),
    ]);
    expect(reminders(w)).toBe(1);
  });
});

describe('an escalation digest posted but not recorded', () => {
  it('is recorded by the next walk from the local state, not posted again', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    await run(w.deps);
    // Tom cannot be reached, so managers hear at once; the service dies as it records the escalation.
    let dead = false;
    const dying: ReviewDeps = {
      ...w.deps,
      requests: {
        ensureRequests: (r) => w.deps.requests.ensureRequests(r),
        listRequests: (f) => w.deps.requests.listRequests(f),
        listOutstanding: () => w.deps.requests.listOutstanding(),
        updateRequest: async (id, patch, etag) => {
          if (dead || patch.status === 'escalated') {
            dead = true;
            throw new Error('The service was killed (simulated).');
          }
          return w.deps.requests.updateRequest(id, patch, etag);
        },
      },
    };
    await expect(chasePeriod(dying, createDispatcher(dying), PERIOD)).rejects.toThrow('killed');
    const digests = () => w.teams.sent.filter((m) => m.conversationId === '19:managers@thread.tacv2');
    expect(digests()).toHaveLength(1);
    const tomRequest = () => w.requests.items.find((r) => r.riskReference === 'CRR0003')!;
    expect(tomRequest().status).toBe('unreachable');

    const report = await chasePeriod(w.deps, createDispatcher(w.deps), PERIOD);
    expect(report.escalated).toEqual([tomRequest().key]);
    expect(report.digests).toEqual([]);
    expect(digests()).toHaveLength(1);
    expect(tomRequest().status).toBe('escalated');
    // Nothing of the request is left; the register's digest of the day stays claimed as posted.
    expect((await w.deps.outbox.all()).filter((e) => e.kind !== 'intro')).toEqual([
      expect.objectContaining({ key: expect.stringMatching(/^escalated\|digest\|Corporate\|/) }),
    ]);
    expect((await w.deps.outbox.all()).find((e) => e.kind === 'escalated')).not.toHaveProperty('posting');
  });
});
