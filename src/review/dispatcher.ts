/**
 * Every call the flow makes to Teams goes through one dispatcher per service instance: it waits for a
 * slot in the tenant-wide and per-conversation budgets, then calls the client, retrying transient
 * refusals with backoff. Sends, reminders, digests and card updates share the same budget. The
 * tenant-wide budget is the instances' shared one (send-budget.ts) when the host gives it, else this
 * instance's own window of `sendsPerSecond`.
 */
import { DEFAULT_BACKOFF, withBackoff } from './backoff';
import type { ReviewDeps } from './context';
import { CONVERSATION_WINDOWS, DEFAULT_SENDS_PER_SECOND, SlidingWindowLimiter } from './rate-limiter';
import { isUncertain, type OutgoingActivity } from './teams-client';

export type SendOptions = {
  /**
   * Retry a failure that may have been delivered (no answer, 502, 504). Default true; the sender turns
   * it off for review cards when it can check the owner's chat instead (see delivery-check.ts).
   */
  retryUncertain?: boolean;
};

export type Dispatcher = {
  send(conversationId: string, activity: OutgoingActivity, options?: SendOptions): Promise<{ id: string }>;
  update(conversationId: string, activityId: string, activity: OutgoingActivity): Promise<void>;
  /**
   * A roster look-up (a conversation's member, Graph's user) inside the same budget: Teams counts
   * every call of the app against its limits ("Rate limiting for bots"), look-ups included. With a
   * conversation id it takes a slot in that conversation's windows too. Transient refusals
   * (TeamsApiError 412, 429, 5xx) are retried with backoff as sends are.
   */
  lookup<T>(conversationId: string | undefined, what: string, call: () => Promise<T>): Promise<T>;
};

const TENANT = 'tenant';

export function createDispatcher(
  deps: Pick<ReviewDeps, 'teams' | 'clock' | 'log' | 'sendsPerSecond' | 'backoff' | 'sendBudget'>,
): Dispatcher {
  const perSecond = deps.sendsPerSecond ?? DEFAULT_SENDS_PER_SECOND;
  const own = new SlidingWindowLimiter([{ limit: perSecond, ms: 1_000 }], deps.clock);
  const tenant = deps.sendBudget ?? { acquire: () => own.acquire(TENANT) };
  const conversations = new SlidingWindowLimiter(CONVERSATION_WINDOWS, deps.clock);
  const throttled = <T>(
    conversationId: string | undefined,
    what: string,
    call: () => Promise<T>,
    retryUncertain = true,
  ): Promise<T> =>
    withBackoff(
      async () => {
        await tenant.acquire();
        if (conversationId !== undefined) await conversations.acquire(conversationId);
        return call();
      },
      deps.clock,
      deps.backoff ?? DEFAULT_BACKOFF,
      (err, delayMs) =>
        deps.log.warn(`Teams refused to ${what} (${err.status ?? 'network'}); retrying in ${delayMs} ms`, {
          conversationId,
        }),
      (err) => retryUncertain || !isUncertain(err),
    );
  return {
    send: (conversationId, activity, options) =>
      throttled(
        conversationId,
        'send a message',
        () => deps.teams.send(conversationId, activity),
        options?.retryUncertain ?? true,
      ),
    update: (conversationId, activityId, activity) =>
      throttled(conversationId, 'update a message', () =>
        deps.teams.update(conversationId, activityId, activity),
      ),
    lookup: (conversationId, what, call) => throttled(conversationId, what, call),
  };
}
