/**
 * A person's chat with the bot replaced by a new one (the Agents Playground after a restart): the
 * cards still owed (sent or reminded, unanswered) go again into the new chat, once; an answered card
 * never does. Without a recorded replacement a different chat id sends nothing again (in Teams the
 * same 1:1 chat can be known by a Graph chat id and the bot's conversation id).
 */
import { createMemoryConversationMoves, newestChat } from '../../src/review/conversation-moves';
import { createDispatcher } from '../../src/review/dispatcher';
import { resendOwedIn } from '../../src/review/scheduler';
import { priya, world } from './fakes';
import { answer, cardFor, run } from './helpers';

const reviewCardsIn = (w: ReturnType<typeof world>, chat: string) =>
  w.teams
    .cards()
    .filter((c) => c.conversationId === chat && JSON.stringify(c.card).includes('Confirm rating unchanged'))
    .map((c) => /CRR000\d/.exec(JSON.stringify(c.card))![0]);

describe('cards owed in a replaced chat', () => {
  it('are sent again in the new chat once, the answered one never', async () => {
    const w = world();
    const moves = createMemoryConversationMoves();
    w.deps.conversationMoves = moves;
    w.teams.addChat(priya.email, 'a:old-chat');
    await run(w);
    expect(reviewCardsIn(w, 'a:old-chat').sort()).toEqual(['CRR0001', 'CRR0002']);
    const answered = await answer(w, cardFor(w, 'CRR0001').card, 'confirm', {
      likelihood: '3',
      impact: '4',
      comment: 'Unchanged.',
    });
    expect(JSON.stringify(answered)).toContain('Recorded');

    // A different chat id alone is not a replacement: nothing is sent again.
    w.teams.addChat(priya.email, 'a:new-chat');
    await run(w);
    expect(reviewCardsIn(w, 'a:new-chat')).toEqual([]);

    await moves.record({ from: 'a:old-chat', to: 'a:new-chat', userId: `29:${priya.email}`, movedAt: '' });
    const reports = await resendOwedIn(w.deps, createDispatcher(w.deps), 'a:old-chat');
    expect(reports.flatMap((r) => r.sent.map((s) => s.key))).toEqual(['2|2026/27-Q3|8']);
    expect(reviewCardsIn(w, 'a:new-chat')).toEqual(['CRR0002']);
    // The owner is introduced again in the new chat, which has none of the earlier messages.
    expect(
      w.teams.sent.filter(
        (m) => m.conversationId === 'a:new-chat' && JSON.stringify(m.activity).includes('1 risk to review'),
      ),
    ).toHaveLength(1);
    expect(w.requests.items.find((r) => r.riskReference === 'CRR0002')).toMatchObject({
      status: 'sent',
      conversationId: 'a:new-chat',
    });

    // Runs after that send nothing more.
    await run(w);
    await resendOwedIn(w.deps, createDispatcher(w.deps), 'a:old-chat');
    expect(reviewCardsIn(w, 'a:new-chat')).toEqual(['CRR0002']);
  });

  it('follows a chain of replacements to the newest chat, and stops on a chat that came back', async () => {
    const moves = createMemoryConversationMoves();
    await moves.record({ from: 'a', to: 'b', userId: 'u', movedAt: '' });
    await moves.record({ from: 'b', to: 'c', userId: 'u', movedAt: '' });
    expect(await moves.replacedBy('a')).toBe('c');
    expect(await moves.replacedBy('c')).toBeUndefined();
    await moves.record({ from: 'c', to: 'a', userId: 'u', movedAt: '' });
    expect(await moves.replacedBy('a')).toBeUndefined();
    expect(await newestChat(undefined, async () => undefined, 'x')).toBeUndefined();
  });
});
