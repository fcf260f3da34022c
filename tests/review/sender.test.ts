import { createDispatcher } from '../../src/review/dispatcher';
import { runPeriod } from '../../src/review/scheduler';
import { helen, priya, tom, world } from './fakes';
import { PERIOD, run, textOf } from './helpers';

describe('a review run', () => {
  it('sends each reachable owner a short intro and one card per due risk, and marks the unreachable with the reason', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    const report = await run(w);
    const priyaMessages = w.teams.sent.filter((m) => m.conversationId === `a:chat-${priya.email}`);
    expect(priyaMessages.map((m) => m.activity.summary)).toEqual([
      'Q3 2026/27 risk review: 2 to review',
      'Review CRR0001: Failure to safeguard vulnerable children',
      'Review CRR0002: Budget gap in adult social care',
    ]);
    expect(textOf(priyaMessages[0]!.activity.attachments![0]!.content)).toContain(
      'You have 2 risks to review',
    );
    const statuses = Object.fromEntries(w.requests.items.map((r) => [r.riskReference, r.status]));
    expect(statuses).toEqual({ CRR0001: 'sent', CRR0002: 'sent', CRR0003: 'unreachable' });
    const tomRequest = w.requests.items.find((r) => r.riskReference === 'CRR0003')!;
    expect(tomRequest.lastError).toContain('Tom Okafor has not installed the app');
    expect(report.send?.unreachable.map((u) => u.owner)).toEqual(['Tom Okafor']);
  });

  it('sends nothing new when the same period runs again, and reaches an owner who installed the app since', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    await run(w);
    const before = w.teams.sent.length;
    const again = await run(w);
    expect(w.teams.sent.length).toBe(before);
    expect(again.registers[0]!.created).toBe(0);
    w.teams.addChat(tom.email);
    await run(w);
    const toTom = w.teams.sent.slice(before).map((m) => m.activity.summary);
    expect(toTom).toEqual([
      'Q3 2026/27 risk review: 1 to review',
      'Review CRR0003: Cyber attack disrupts services',
    ]);
  });

  it('creates every request before the first send, so a crash mid-run resumes with exactly one card per risk', async () => {
    const w = world();
    w.teams.addChat(priya.email);
    w.teams.addChat(tom.email);
    // The process dies right after the requests exist, while claiming the first one for sending.
    w.requests.crashAtUpdate = 0;
    await expect(run(w)).rejects.toThrow('Simulated crash');
    expect(w.requests.items.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    expect(w.teams.sent).toHaveLength(0);
    // Restarted, and this time it dies after claiming Priya's second card but before sending anything.
    w.requests.crashAtUpdate = 2;
    await expect(run(w)).rejects.toThrow('Simulated crash');
    // A claim of the dead run is left alone until its lease runs out, then taken over.
    w.requests.crashAtUpdate = undefined;
    await run(w);
    w.clock.advance(11 * 60 * 1000);
    await run(w);
    const reviewed = w.teams
      .cards()
      .map((c) => String(c.card.speak))
      .filter((s) => s.includes('review of'));
    expect(reviewed.map((s) => /CRR000\d/.exec(s)![0]).sort()).toEqual(['CRR0001', 'CRR0002', 'CRR0003']);
    expect(w.requests.items.every((r) => r.status === 'sent')).toBe(true);
  });

  it('never sends the same request twice when two instances run at once', async () => {
    const w = world();
    for (const p of [priya, tom, helen]) w.teams.addChat(p.email);
    await Promise.all([
      runPeriod(w.deps, createDispatcher(w.deps), { periodId: PERIOD }),
      runPeriod(w.deps, createDispatcher(w.deps), { periodId: PERIOD }),
    ]);
    const reviewCards = w.teams.cards().filter((c) => String(c.card.speak).includes('review of'));
    expect(reviewCards).toHaveLength(3);
    expect(w.requests.items).toHaveLength(3);
    // One intro per owner's chat, however the two instances split the owner's requests between them.
    const intros = w.teams
      .cards()
      .filter((c) => /risk review: \d+ risks? to review/.test(String(c.card.speak)));
    expect(intros.map((c) => c.conversationId).sort()).toEqual(
      [...new Set(reviewCards.map((c) => c.conversationId))].sort(),
    );
  });

  it('paces a bulk send under Teams limits: no 429 for 60 owners, or for one owner with 25 risks', async () => {
    const w = world();
    w.store.risks.clear();
    for (let i = 0; i < 60; i++) {
      const owner = { id: 100 + i, name: `Owner ${i}`, email: `owner${i}@council.example` };
      w.teams.addChat(owner.email);
      w.store.addRisk({
        reference: `B${i}`,
        title: `Bulk risk ${i}`,
        owners: [owner],
        current: { likelihood: 2, impact: 2 },
      });
    }
    for (let i = 0; i < 25; i++)
      w.store.addRisk({
        reference: `P${i}`,
        title: `Priya risk ${i}`,
        owners: [priya],
        current: { likelihood: 2, impact: 2 },
      });
    w.teams.addChat(priya.email);
    const start = w.clock.now();
    const report = await run(w);
    expect(report.send?.sent).toHaveLength(85);
    expect(w.teams.throttled).toBe(0);
    // Priya's intro and 25 cards at 6 per second and 7 per 2 seconds take over 7 s (virtual time).
    expect(w.clock.now() - start).toBeGreaterThanOrEqual(7_000);
  });

  it('retries a throttled or failing send with backoff, and leaves it pending with the error when Teams keeps refusing', async () => {
    const w = world();
    w.teams.addChat(tom.email);
    w.teams.failNext = [429, 503];
    await run(w);
    const tomReq = w.requests.items.find((r) => r.riskReference === 'CRR0003')!;
    expect(tomReq.status).toBe('sent');
    expect(w.clock.slept.some((ms) => ms >= 500)).toBe(true);

    const w2 = world();
    w2.teams.addChat(tom.email);
    w2.teams.failNext = Array(20).fill(503);
    await run(w2);
    const failed = w2.requests.items.find((r) => r.riskReference === 'CRR0003')!;
    expect(failed.status).toBe('pending');
    expect(failed.lastError).toContain('503');
    expect(failed.sentAt).toBeUndefined();
  });

  it('refuses to send for a period that has closed', async () => {
    const w = world('2026-11-20T09:00:00Z');
    w.teams.addChat(priya.email);
    const report = await run(w);
    expect(report.registers[0]!.skipped).toContain('closed on 2026-10-29');
    expect(w.teams.sent).toHaveLength(0);
  });
});
