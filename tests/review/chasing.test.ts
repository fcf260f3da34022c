import { chasePeriod } from '../../src/review/chasing';
import { escalatedKey } from '../../src/review/outbox';
import { DEFAULT_CLAIM_LEASE_MS } from '../../src/review/sender';
import { createDispatcher } from '../../src/review/dispatcher';
import { walk } from '../../src/review/scheduler';
import { dueWindows, reviewWindows } from '../../src/domain';
import { priya, world } from './fakes';
import { PERIOD, run, textOf } from './helpers';

const DAY = 24 * 3600 * 1000;

describe('chasing outstanding reviews', () => {
  it('reminds after the reminder days, escalates after the escalation days with a digest, and closes the period', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    await run(w);
    const chase = () => chasePeriod(w.deps, createDispatcher(w.deps), PERIOD);

    w.clock.advance(3 * DAY);
    const early = await chase();
    expect(early.reminded).toEqual([]);
    // Tom cannot be reached: managers hear at once, and only once.
    expect(early.escalated).toEqual(['3|2026/27-Q3|9']);
    expect(textOf(w.teams.sent.at(-1)!.activity.attachments![0]!.content)).toContain(
      'Unreachable: Tom Okafor has not installed the app.',
    );

    w.clock.advance(5 * DAY);
    const reminded = await chase();
    expect(reminded.reminded.sort()).toEqual(['1|2026/27-Q3|8', '2|2026/27-Q3|8']);
    const reminder = w.teams.sent.at(-1)!;
    expect(textOf(reminder.activity.attachments![0]!.content)).toContain('is still outstanding');
    expect(w.requests.items.filter((r) => r.status === 'reminded')).toHaveLength(2);

    w.clock.advance(7 * DAY);
    const escalated = await chase();
    expect(escalated.escalated.sort()).toEqual(['1|2026/27-Q3|8', '2|2026/27-Q3|8']);
    const digest = w.teams.sent.at(-1)!;
    expect(digest.conversationId).toBe('19:managers@thread.tacv2');
    const digestText = textOf(digest.activity.attachments![0]!.content);
    expect(digestText).toContain('Outstanding reviews: Corporate, Q3 2026/27');
    expect(digestText).toContain('CRR0002');
    // Tom could not be reached: the managers see him with the reason.
    expect(digestText).toContain('Unreachable: Tom Okafor has not installed the app.');
    expect((await chase()).escalated).toEqual([]);

    w.clock.advance(10 * DAY);
    const closed = await chase();
    expect(closed.notReviewed.sort()).toEqual(['CRR0001', 'CRR0002', 'CRR0003']);
    expect(w.store.snapshots.map((s) => s.outcome)).toEqual(['not-reviewed', 'not-reviewed', 'not-reviewed']);
    expect(w.requests.items.every((r) => r.status === 'closed')).toBe(true);
  });

  it('posts one digest a day when two instances escalate at once, and takes over a claim whose instance died posting the next day', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    await run(w);
    w.clock.advance(15 * DAY);
    const digests = () => w.teams.sent.filter((m) => m.conversationId === '19:managers@thread.tacv2');
    const dueKeys = w.requests.items.filter((r) => r.status !== 'escalated').map((r) => r.key);
    // An instance that claimed one escalation and died before posting: its claim holds for the lease.
    const dead = dueKeys[0]!;
    const claimed = await w.deps.outbox.claim({
      kind: 'escalated',
      key: escalatedKey(dead),
      requestKey: dead,
      channelId: '19:managers@thread.tacv2',
      escalatedAt: new Date(w.clock.now()).toISOString(),
      posting: true,
      attempts: 0,
      createdAt: new Date(w.clock.now()).toISOString(),
      nextAttemptAt: new Date(w.clock.now() + DEFAULT_CLAIM_LEASE_MS).toISOString(),
    });
    expect(claimed).toBeDefined();
    // Teams takes a moment to accept the digest, so both instances are past their checks before either posts.
    const send = w.teams.send.bind(w.teams);
    w.teams.send = async (conversationId, activity) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return send(conversationId, activity);
    };
    const [a, b] = await Promise.all([
      chasePeriod(w.deps, createDispatcher(w.deps), PERIOD),
      chasePeriod(w.deps, createDispatcher(w.deps), PERIOD),
    ]);
    expect(digests()).toHaveLength(1);
    expect([...a.escalated, ...b.escalated].sort()).toEqual(dueKeys.filter((k) => k !== dead).sort());
    // After the lease, the same day: the register's digest of the day is posted, so none again.
    w.clock.advance(DEFAULT_CLAIM_LEASE_MS + 1000);
    const sameDay = await Promise.all([
      chasePeriod(w.deps, createDispatcher(w.deps), PERIOD),
      chasePeriod(w.deps, createDispatcher(w.deps), PERIOD),
    ]);
    expect(sameDay.flatMap((r) => r.escalated)).toEqual([]);
    expect(digests()).toHaveLength(1);
    // The next day the dead instance's escalation is posted, once.
    w.clock.advance(DAY);
    const late = await Promise.all([
      chasePeriod(w.deps, createDispatcher(w.deps), PERIOD),
      chasePeriod(w.deps, createDispatcher(w.deps), PERIOD),
    ]);
    expect(late.flatMap((r) => r.escalated)).toEqual([dead]);
    expect(digests()).toHaveLength(2);
    expect(await w.deps.outbox.get(escalatedKey(dead))).toBeUndefined();
  });

  it('posts one digest when two instances escalate at once and each would win some of the requests', async () => {
    // Found by the faults bench (bench/review-faults.ts): with SharePoint slow to answer, instance A won
    // the first request's claim and B the second's, and each posted a digest of everything outstanding.
    const w = world();
    w.teams.addChat(priya.email);
    await run(w);
    w.clock.advance(15 * DAY);
    const digests = () => w.teams.sent.filter((m) => m.conversationId === '19:managers@thread.tacv2');
    const [k1, k2] = w.requests.items
      .filter((r) => r.status === 'sent')
      .map((r) => escalatedKey(r.key))
      .sort();
    const gate = () => {
      let open = () => undefined as void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      // A gate no one opens (the other instance stopped early) lets the caller through after 200 ms.
      const wait = () => Promise.race([opened, new Promise((r) => setTimeout(r, 200))]);
      return { open, wait };
    };
    const aHasFirst = gate();
    const bHasSecond = gate();
    const outbox = w.deps.outbox;
    const instance = (who: 'a' | 'b') => ({
      ...w.deps,
      outbox: {
        ...outbox,
        claim: async (entry: Parameters<typeof outbox.claim>[0]) => {
          if (who === 'b' && entry.key === k1) await aHasFirst.wait();
          if (who === 'a' && entry.key === k2) await bHasSecond.wait();
          const hold = await outbox.claim(entry);
          if (who === 'a' && entry.key === k1) aHasFirst.open();
          if (who === 'b' && entry.key === k2) bHasSecond.open();
          return hold;
        },
      },
    });
    const [a, b] = [instance('a'), instance('b')];
    const reports = await Promise.all([
      chasePeriod(a, createDispatcher(a), PERIOD),
      chasePeriod(b, createDispatcher(b), PERIOD),
    ]);
    expect(digests()).toHaveLength(1);
    expect(reports.flatMap((r) => r.escalated).sort()).toEqual(
      w.requests.items
        .filter((r) => r.status === 'escalated')
        .map((r) => r.key)
        .sort(),
    );
    expect(w.requests.items.filter((r) => r.status === 'sent')).toEqual([]);
  });

  it('says so when a register has no managers channel, and leaves the requests for the next walk', async () => {
    const w = world();
    delete w.store.settings.managersChannelId;
    w.teams.addChat(priya.email);
    await run(w);
    w.clock.advance(15 * 24 * 3600 * 1000);
    const report = await chasePeriod(w.deps, createDispatcher(w.deps), PERIOD);
    expect(report.undelivered[0]!.reason).toContain("has no managers' channel");
    // Nothing is recorded as escalated while no digest went out (managers would never hear of them).
    expect(report.escalated).toEqual([]);
    expect(w.requests.items.filter((r) => r.status === 'escalated')).toEqual([]);
    // Once a channel is set, the next walk posts the digest and records the escalations.
    w.store.settings.managersChannelId = '19:managers@thread.tacv2';
    const next = await chasePeriod(w.deps, createDispatcher(w.deps), PERIOD);
    expect(next.undelivered).toEqual([]);
    expect(next.digests).toHaveLength(1);
    expect(next.escalated.length).toBeGreaterThan(0);
    expect(w.teams.sent.filter((m) => m.conversationId === '19:managers@thread.tacv2')).toHaveLength(1);
  });
});

describe('the scheduled walk', () => {
  it('sends the coming quarter within its lead days, and only once however often it walks', async () => {
    const w = world('2026-09-20T08:00:00Z');
    w.teams.addChat(priya.email);
    const early = await walk(w.deps, createDispatcher(w.deps));
    expect(early.runs).toEqual([]);
    expect(w.requests.items.filter((r) => r.periodId === '2026/27-Q3')).toHaveLength(0);
    w.clock.advance(5 * DAY);
    const due = await walk(w.deps, createDispatcher(w.deps));
    expect(due.runs.map((r) => r.periodId)).toContain('2026/27-Q3');
    // The periods it runs are the domain's open and due windows, the ones the tab's review status shows.
    const today = new Date(w.clock.now()).toISOString().slice(0, 10);
    expect(due.runs.map((r) => r.periodId)).toEqual(
      dueWindows(await w.deps.store.getSettings('Corporate'), today).map((x) => x.period.id),
    );
    const sent = w.teams.cards().length;
    expect(sent).toBeGreaterThan(0);
    w.clock.advance(DAY);
    await walk(w.deps, createDispatcher(w.deps));
    expect(w.teams.cards().filter((c) => String(c.card.speak).includes('Q3'))).toHaveLength(sent);
  });

  it('runs exactly the periods the tab shows as open (one rule, domain/review-window.ts)', async () => {
    // 28 September: Q2 is still collecting answers and Q3's requests are inside its 7 lead days.
    const w = world('2026-09-28T08:00:00Z');
    w.teams.addChat(priya.email);
    const open = reviewWindows(w.store.settings, '2026-09-28')
      .filter((x) => x.state === 'open')
      .map((x) => x.period.id);
    expect(open).toContain('2026/27-Q3');
    const report = await walk(w.deps, createDispatcher(w.deps));
    expect(report.runs.map((r) => r.periodId).sort()).toEqual([...open].sort());
  });
});
