import { drainOutbox } from '../../src/review/answer-writer';
import { createDispatcher } from '../../src/review/dispatcher';
import { handleCardAction } from '../../src/review/invoke-handler';
import { StorageError } from '../../src/sharepoint/errors';
import { helen, priya, world, type TestWorld } from './fakes';
import { actionData, answer, cardFor, identify, run, textOf } from './helpers';

async function sentWorld(): Promise<TestWorld> {
  const w = world();
  w.teams.addChat(priya.email);
  await run(w);
  return w;
}

const comment = 'Agency use is down; two permanent managers started.';

describe('answering a review card', () => {
  it('records a confirmation from the owner, marks the request answered and shows what was recorded', async () => {
    const w = await sentWorld();
    const { card } = cardFor(w, 'CRR0001');
    const res = await answer(w, card, 'confirm', { likelihood: '3', impact: '4', comment });
    expect(res.statusCode).toBe(200);
    const text = textOf(res.value);
    expect(text).toContain('Recorded: rating confirmed');
    expect(text).toContain('Medium (12)');
    expect(text).toContain('Priya Shah');
    expect(text).toContain('New');
    expect(w.store.snapshots).toHaveLength(1);
    expect(w.store.snapshots[0]).toMatchObject({
      outcome: 'confirmed',
      comment,
      source: 'card',
      recordedBy: { name: 'Priya Shah' },
    });
    expect(w.requests.items.find((r) => r.riskReference === 'CRR0001')!.status).toBe('answered');
  });

  it('records a changed rating on the risk and shows the direction of travel against the last period', async () => {
    const w = await sentWorld();
    w.store.snapshots.push({
      riskId: 1,
      riskReference: 'CRR0001',
      periodId: '2026/27-Q2',
      current: { likelihood: 3, impact: 4 },
      currentScore: 12,
      comment: 'Stable.',
      recordedBy: { name: 'Priya Shah' },
      recordedAt: '2026-07-03T10:00:00Z',
      source: 'card',
      outcome: 'confirmed',
      id: 99,
      etag: '"s"',
      modified: '',
    });
    const { card } = cardFor(w, 'CRR0001');
    const res = await answer(w, card, 'change', {
      likelihood: '4',
      impact: '4',
      comment: 'Two placements broke down.',
    });
    const text = textOf(res.value);
    expect(text).toContain('Recorded: rating changed');
    expect(text).toContain('High (16)');
    expect(text).toContain('↑ Worse');
    expect(w.store.risks.get(1)!.current).toEqual({ likelihood: 4, impact: 4 });
  });

  it("records a changed rating and shows the domain's advice on it (target now worse than current), as the tab's form does", async () => {
    const w = await sentWorld();
    const { card } = cardFor(w, 'CRR0001');
    const res = await answer(w, card, 'change', { likelihood: '1', impact: '1', comment });
    const text = textOf(res.value);
    expect(text).toContain('Recorded: rating changed');
    expect(text).toContain('Recorded; please check');
    expect(text).toContain('The target rating is worse than the current rating');
    expect(w.store.snapshots[0]).toMatchObject({ outcome: 'changed', current: { likelihood: 1, impact: 1 } });
  });

  it('a recorded answer with nothing to advise shows no advice', async () => {
    const w = await sentWorld();
    const res = await answer(w, cardFor(w, 'CRR0001').card, 'confirm', {
      likelihood: '3',
      impact: '4',
      comment,
    });
    expect(textOf(res.value)).not.toContain('please check');
  });

  it('accepts an answer from a named delegate', async () => {
    const w = await sentWorld();
    const res = await answer(
      w,
      cardFor(w, 'CRR0001').card,
      'confirm',
      { likelihood: '3', impact: '4', comment },
      helen.email,
    );
    expect(textOf(res.value)).toContain('Recorded: rating confirmed');
    expect(w.store.snapshots[0]!.recordedBy?.name).toBe('Helen Marsh');
  });

  it('refuses someone who is neither owner nor delegate, and writes nothing', async () => {
    const w = await sentWorld();
    const res = await answer(
      w,
      cardFor(w, 'CRR0001').card,
      'confirm',
      { likelihood: '3', impact: '4', comment },
      'tom.okafor@council.example',
    );
    expect(textOf(res.value)).toContain('Only the risk owner can answer');
    expect(textOf(res.value)).toContain('its owners are Priya Shah');
    expect(w.store.recordCalls).toBe(0);
  });

  it.each([
    ['a missing likelihood', { likelihood: '', impact: '4', comment }, 'Choose the likelihood'],
    [
      'an impact off the scale',
      { likelihood: '3', impact: '9', comment },
      'Impact 9 is not on the Kent corporate 5x5 impact scale; choose one of',
    ],
    ['an empty comment', { likelihood: '3', impact: '4', comment: '   ' }, 'Write a comment'],
    ['an oversize comment', { likelihood: '3', impact: '4', comment: 'x'.repeat(2001) }, 'the limit is 2000'],
  ])(
    'returns the card with the problem for %s, keeping what was entered and writing nothing',
    async (_what, inputs, message) => {
      const w = await sentWorld();
      const res = await answer(w, cardFor(w, 'CRR0001').card, 'change', inputs);
      expect(textOf(res.value)).toContain('Please correct your answer');
      expect(textOf(res.value)).toContain(message);
      expect(w.store.recordCalls).toBe(0);
    },
  );

  it('refuses "confirm" when the rating was changed', async () => {
    const w = await sentWorld();
    const res = await answer(w, cardFor(w, 'CRR0001').card, 'confirm', {
      likelihood: '5',
      impact: '4',
      comment,
    });
    expect(textOf(res.value)).toContain('Press "Submit changed rating"');
    expect(w.store.recordCalls).toBe(0);
  });

  it('detects forged card data and unknown risks, writing nothing', async () => {
    const w = await sentWorld();
    const data = actionData(cardFor(w, 'CRR0001').card);
    const forged = await handleCardAction(w.deps, identify, {
      verb: 'confirm',
      data: { ...data, riskId: 2, likelihood: '4', impact: '4', comment },
      from: { id: `29:${priya.email}` },
    });
    expect(textOf(forged.value)).toContain('This card cannot be used');
    const ghost = w.deps.signer.sign({
      riskId: 404,
      periodId: '2026/27-Q3',
      riskVersion: '"1"',
      issuedAt: new Date(w.clock.now()).toISOString(),
    });
    const unknown = await handleCardAction(w.deps, identify, {
      verb: 'confirm',
      data: { ...ghost, likelihood: '3', impact: '4', comment },
      from: { id: `29:${priya.email}` },
    });
    expect(textOf(unknown.value)).toContain('Risk 404 is no longer in the register');
    expect(w.store.recordCalls).toBe(0);
  });

  it('treats a double submit as one answer', async () => {
    const w = await sentWorld();
    const { card } = cardFor(w, 'CRR0002');
    w.clock.advance(1000);
    const first = await answer(w, card, 'change', { likelihood: '5', impact: '4', comment });
    const second = await answer(w, card, 'change', { likelihood: '5', impact: '4', comment });
    expect(w.store.recordCalls).toBe(1);
    expect(textOf(second.value)).toContain('Recorded: rating changed');
    expect(textOf(second.value)).not.toContain('out of date');
    expect(textOf(first.value)).toContain('Recorded: rating changed');
  });

  it('shows the current state for a stale card: a newer answer, or a closed period', async () => {
    const w = await sentWorld();
    const { card } = cardFor(w, 'CRR0002');
    w.clock.advance(1000);
    await answer(w, card, 'confirm', { likelihood: '4', impact: '4', comment });
    const stale = await answer(w, card, 'change', {
      likelihood: '2',
      impact: '2',
      comment: 'Different answer',
    });
    expect(textOf(stale.value)).toContain('This card was out of date');
    expect(w.store.recordCalls).toBe(1);
    w.clock.advance(40 * 24 * 3600 * 1000);
    const closed = await answer(w, cardFor(w, 'CRR0001').card, 'confirm', {
      likelihood: '3',
      impact: '4',
      comment,
    });
    expect(textOf(closed.value)).toContain('The Q3 2026/27 review closed on 29 Oct 2026');
    expect(w.store.recordCalls).toBe(1);
  });

  it('asks to re-confirm with the latest values when the risk changed after the card was sent (412)', async () => {
    const w = await sentWorld();
    const { card } = cardFor(w, 'CRR0001');
    w.store.touch(1, { current: { likelihood: 2, impact: 4 } });
    const res = await answer(w, card, 'confirm', { likelihood: '3', impact: '4', comment });
    const text = textOf(res.value);
    expect(text).toContain('The risk changed since this card was sent');
    expect(text).toContain('Medium (8)');
    expect(w.store.snapshots).toHaveLength(0);
    // The refreshed card carries the new version: confirming again records.
    const again = await answer(w, res.value, 'confirm', { likelihood: '2', impact: '4', comment });
    expect(textOf(again.value)).toContain('Recorded: rating confirmed');
  });

  it('keeps the answer when SharePoint fails, shows a retry card, and writes it later', async () => {
    const w = await sentWorld();
    const { card, id, conversationId } = cardFor(w, 'CRR0001');
    w.store.failRecord = [new StorageError('SharePoint answered 503: Server busy.', 503)];
    const res = await answer(
      w,
      card,
      'confirm',
      { likelihood: '3', impact: '4', comment },
      priya.email,
      conversationId,
      id,
    );
    expect(textOf(res.value)).toContain('Saved: waiting for SharePoint');
    expect((await w.deps.outbox.all()).filter((e) => e.kind !== 'intro')).toHaveLength(1);
    expect(w.store.snapshots).toHaveLength(0);
    // Not due yet; after the delay the drain writes it and replaces the card.
    w.clock.advance(60_000);
    const drained = await drainOutbox(w.deps, createDispatcher(w.deps));
    expect(drained.recorded).toEqual(['1|2026/27-Q3']);
    expect(w.store.snapshots[0]).toMatchObject({ comment, outcome: 'confirmed' });
    expect((await w.deps.outbox.all()).filter((e) => e.kind !== 'intro')).toHaveLength(0);
    expect(w.teams.updates.map((u) => u.activityId)).toEqual([id]);
    expect(textOf(w.teams.updates[0]!.activity.attachments![0]!.content)).toContain(
      'Recorded: rating confirmed',
    );
  });

  it('writes a queued answer at once when the owner presses Retry', async () => {
    const w = await sentWorld();
    const { card } = cardFor(w, 'CRR0001');
    w.store.failRecord = [new StorageError('SharePoint answered 503: Server busy.', 503)];
    const queued = await answer(w, card, 'confirm', { likelihood: '3', impact: '4', comment });
    const retried = await answer(w, queued.value, 'retry', {});
    expect(textOf(retried.value)).toContain('Recorded: rating confirmed');
    expect(w.store.snapshots).toHaveLength(1);
  });

  it('refreshes to the current state for the owner', async () => {
    const w = await sentWorld();
    const { card } = cardFor(w, 'CRR0001');
    const before = await answer(w, card, 'refresh', {});
    expect(textOf(before.value)).toContain('Confirm rating unchanged');
    expect(before.value.refresh).toMatchObject({ userIds: [`29:${priya.email}`] });
    w.clock.advance(1000);
    await answer(w, card, 'confirm', { likelihood: '3', impact: '4', comment });
    const after = await answer(w, card, 'refresh', {});
    expect(textOf(after.value)).toContain('Recorded: rating confirmed');
  });
});
