/**
 * Owners are reached and recognised by Entra object id: a person whose sign-in name (UPN) differs
 * from their mail address gets their card and can answer it; an answer is matched by the invoking
 * user's `aadObjectId`, never by a mail address or a name.
 */
import { handleCardAction } from '../../src/review/invoke-handler';
import { createMemoryConversationStore } from '../../src/review/conversations';
import { aadOf, ravi, world } from './fakes';
import { actionData, cardFor, identify, run, textOf } from './helpers';

const comment = 'Reviewed with the service lead; no change this quarter.';

function raviWorld() {
  const w = world();
  w.store.addRisk({
    reference: 'CRR0005',
    title: 'Loss of the housing benefit system',
    owners: [{ id: ravi.id, name: ravi.name, email: ravi.email }],
    current: { likelihood: 2, impact: 3 },
  });
  // Teams knows Ravi by his object id; his chat is all the fake has.
  w.teams.addChat(ravi.email, 'a:chat-ravi', '29:ravi-teams-id', aadOf(ravi.email));
  return w;
}

describe('owners by Entra object id', () => {
  it('delivers the card of an owner whose UPN differs from their mail, asking Teams by object id and UPN', async () => {
    const w = raviWorld();
    const report = await run(w);
    expect(report.send?.unreachable.map((u) => u.owner)).not.toContain(ravi.name);
    const asked = w.teams.asked.find((c) => c.name === ravi.name);
    expect(asked).toMatchObject({ aadObjectId: aadOf(ravi.email), upn: ravi.upn, email: ravi.email });
    const { conversationId, card } = cardFor(w, 'CRR0005');
    expect(conversationId).toBe('a:chat-ravi');
    // refresh.userIds holds the Teams user id, never an email-derived id.
    expect((card.refresh as { userIds: string[] }).userIds).toEqual(['29:ravi-teams-id']);
  });

  it('accepts the answer of the invoking user by aadObjectId, whatever name or mail Teams shows', async () => {
    const w = raviWorld();
    await run(w);
    const { card } = cardFor(w, 'CRR0005');
    const res = await handleCardAction(w.deps, identify, {
      verb: 'confirm',
      data: { ...actionData(card), likelihood: '2', impact: '3', comment },
      // Teams' from: the Teams user id and the object id; the UPN is not the mail address.
      from: { id: '29:ravi-teams-id', aadObjectId: aadOf(ravi.email).toUpperCase(), name: ravi.upn },
    });
    expect(textOf(res.value)).toContain('Recorded: rating confirmed');
    expect(w.store.snapshots.at(-1)).toMatchObject({ comment, recordedBy: { id: ravi.id, name: ravi.name } });
  });

  it("refuses an answer from another account that shows the owner's mail address, and one without an object id", async () => {
    const w = raviWorld();
    await run(w);
    const { card } = cardFor(w, 'CRR0005');
    const data = { ...actionData(card), likelihood: '2', impact: '3', comment };
    const impostor = await handleCardAction(
      w.deps,
      async () => ({
        userId: '29:someone-else',
        aadObjectId: aadOf('someone.else@council.example'),
        name: ravi.name,
        email: ravi.email,
      }),
      { verb: 'confirm', data, from: { id: '29:someone-else', name: ravi.name } },
    );
    expect(textOf(impostor.value)).toContain('is not an owner or delegate of CRR0005');
    const anonymous = await handleCardAction(w.deps, async () => ({ userId: '29:x', email: ravi.email }), {
      verb: 'confirm',
      data,
      from: { id: '29:x' },
    });
    expect(textOf(anonymous.value)).toContain(
      'Teams did not say which Microsoft Entra account sent this answer',
    );
    expect(w.store.snapshots).toHaveLength(0);
  });

  it('reports an owner whose Entra account cannot be resolved as unreachable, with the reason', async () => {
    const w = world();
    w.store.addRisk({
      reference: 'CRR0006',
      title: 'Owner added by name only',
      owners: [{ id: 77, name: 'Pat Unknown' }],
      current: { likelihood: 2, impact: 2 },
    });
    const report = await run(w);
    expect(report.send?.unreachable).toContainEqual(
      expect.objectContaining({
        owner: 'Pat Unknown',
        reason: 'Pat Unknown has no Entra account in the test directory.',
      }),
    );
    expect(w.teams.asked.map((c) => c.name)).not.toContain('Pat Unknown');
  });
});

describe('the conversation store', () => {
  it('keys conversations by object id and forgets every row of a person on uninstall', async () => {
    const store = createMemoryConversationStore();
    const at = '2026-10-05T09:00:00Z';
    await store.upsert({ aadObjectId: 'AAA-1', conversationId: 'a:1', userId: '29:1', updatedAt: at });
    await store.upsert({ aadObjectId: 'bbb-2', conversationId: 'a:2', userId: '29:2', updatedAt: at });
    expect(await store.byAadObjectId('aaa-1')).toMatchObject({ conversationId: 'a:1', userId: '29:1' });
    await expect(store.upsert({ aadObjectId: '', conversationId: 'a:3', updatedAt: at })).rejects.toThrow(
      'Entra object id',
    );
    expect(await store.removeUser({ aadObjectId: 'aaa-1', userId: '29:1' })).toBe(1);
    expect(await store.byAadObjectId('aaa-1')).toBeUndefined();
    expect(await store.removeConversation('a:2')).toBe(1);
    expect(await store.byUserId('29:2')).toBeUndefined();
  });
});
