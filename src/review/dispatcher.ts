/**
 * Every call the flow makes to Teams goes through one dispatcher per service instance: it waits for a
 * slot in the tenant-wide and per-conversation budgets, then calls the client, retrying transient
 * refusals with backoff. Sends, reminders, digests and card updates share the same budget.
 */
import { DEFAULT_BACKOFF, withBackoff } from './backoff';
import type { ReviewDeps } from './context';
import { CONVERSATION_WINDOWS, DEFAULT_SENDS_PER_SECOND, SlidingWindowLimiter } from './rate-limiter';
import type { OutgoingActivity } from './teams-client';

export type Dispatcher = {
  send(conversationId: string, activity: OutgoingActivity): Promise<{ id: string }>;
  update(conversationId: string, activityId: string, activity: OutgoingActivity): Promise<void>;
};

const TENANT = 'tenant';

export function createDispatcher(
  deps: Pick<ReviewDeps, 'teams' | 'clock' | 'log' | 'sendsPerSecond' | 'backoff'>,
): Dispatcher {
  const perSecond = deps.sendsPerSecond ?? DEFAULT_SENDS_PER_SECOND;
  const tenant = new SlidingWindowLimiter([{ limit: perSecond, ms: 1_000 }], deps.clock);
  const conversations = new SlidingWindowLimiter(CONVERSATION_WINDOWS, deps.clock);
  const throttled = <T>(conversationId: string, what: string, call: () => Promise<T>): Promise<T> =>
    withBackoff(
      async () => {
        await tenant.acquire(TENANT);
        await conversations.acquire(conversationId);
        return call();
      },
      deps.clock,
      deps.backoff ?? DEFAULT_BACKOFF,
      (err, delayMs) =>
        deps.log.warn(`Teams refused to ${what} (${err.status ?? 'network'}); retrying in ${delayMs} ms`, {
          conversationId,
        }),
    );
  return {
    send: (conversationId, activity) =>
      throttled(conversationId, 'send a message', () => deps.teams.send(conversationId, activity)),
    update: (conversationId, activityId, activity) =>
      throttled(conversationId, 'update a message', () =>
        deps.teams.update(conversationId, activityId, activity),
      ),
  };
}
