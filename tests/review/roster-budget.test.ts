/**
 * Roster look-ups (a conversation's member) count against the same limits as sends ("Rate limiting
 * for bots": every call of the bot counts): they go through the dispatcher's budget, so sends and
 * look-ups together never exceed the instance's rate, and a throttled look-up is retried.
 */
import type { App } from '@microsoft/teams.apps';
import { createDispatcher } from '../../src/review/dispatcher';
import { cardActivity } from '../../src/review/teams-client';
import { createIdentify, createSdkTeamsClient } from '../../src/server/review-teams';
import { world } from './fakes';

/** The most calls in any window of `ms` among sorted times. */
function busiest(times: number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('roster look-ups inside the send budget', () => {
  it('shares the per-second budget between member look-ups and sends, and retries a throttled look-up', async () => {
    const w = world();
    w.deps = { ...w.deps, sendsPerSecond: 4 };
    const dispatcher = createDispatcher(w.deps);
    const lookups: number[] = [];
    let throttleFirst = true;
    const app = {
      api: {
        conversations: {
          getMemberById: async (_conversationId: string, memberId: string) => {
            if (throttleFirst) {
              throttleFirst = false;
              // The SDK's (axios) error for a 429 with Retry-After.
              throw Object.assign(new Error('Too Many Requests'), {
                response: { status: 429, headers: { 'retry-after': '2' }, data: { error: 'throttled' } },
              });
            }
            lookups.push(w.clock.now());
            return {
              id: memberId,
              aadObjectId: `00000000-0000-4000-8000-${memberId.slice(3).padStart(12, '0')}`,
            };
          },
        },
      },
    } as unknown as App;
    const budget = <T>(conversationId: string, what: string, call: () => Promise<T>) =>
      dispatcher.lookup(conversationId, what, call);
    const identify = createIdentify(app, w.deps.conversations, budget);
    // One call after another (the virtual clock moves only when the budget makes a call wait):
    // a member look-up for each of 12 answerers, with a send after every other one.
    const who = [];
    for (let i = 0; i < 12; i++) {
      who.push(await identify({ id: `29:${i + 1}` }, `a:chat-${i + 1}`));
      if (i % 3 !== 2)
        await dispatcher.send(
          `a:chat-${i + 1}`,
          cardActivity({ type: 'AdaptiveCard', version: '1.5', body: [] }, 'card'),
        );
    }
    // Every answerer was found through the roster, the throttled one after its Retry-After.
    expect(who.every((a) => typeof a.aadObjectId === 'string')).toBe(true);
    expect(lookups).toHaveLength(12);
    const all = [...lookups, ...w.teams.sent.map((m) => m.at)];
    expect(all).toHaveLength(20);
    expect(busiest(all, 1_000)).toBeLessThanOrEqual(4);
    // 20 calls at 4 a second take at least 4 seconds of (virtual) time.
    expect(Math.max(...all) - Math.min(...all)).toBeGreaterThanOrEqual(4_000);
  });

  it("reads an installed owner's Teams user id from the new chat's roster inside the budget", async () => {
    const w = world();
    w.deps = { ...w.deps, sendsPerSecond: 1 };
    const dispatcher = createDispatcher(w.deps);
    const at: number[] = [];
    const app = {
      api: {
        conversations: {
          getMemberById: async (conversationId: string, memberId: string) => {
            at.push(w.clock.now());
            return { id: `29:${conversationId}`, aadObjectId: memberId };
          },
        },
      },
    } as unknown as App;
    const installer = {
      installFor: async (aad: string) => ({ ok: true as const, chatId: `19:${aad}@unq.gbl.spaces` }),
      findChat: async () => ({ ok: false as const, reason: 'unused' }),
    };
    const client = createSdkTeamsClient(app, w.deps.conversations, installer, (c, what, call) =>
      dispatcher.lookup(c, what, call),
    );
    const owners = ['a', 'b', 'c'].map((x, i) => ({
      personId: i,
      name: x,
      aadObjectId: `00000000-0000-4000-8000-00000000000${i}`,
    }));
    const results = [];
    for (const o of owners) results.push(await client.ensureConversation(o));
    expect(results.every((r) => r.ok && r.userId?.startsWith('29:19:'))).toBe(true);
    // One look-up a second at most: the budget, not the roster, sets the pace.
    expect(busiest(at, 1_000)).toBe(1);
  });
});
