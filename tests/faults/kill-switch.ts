/**
 * Simulates the review service process dying: every call the flow makes through its dependencies
 * (SharePoint repositories, Teams client) counts as a step; at the chosen step the process "dies".
 * From then on every call fails at once, as if the process were gone, so nothing more reaches
 * SharePoint or Teams. `after-sharepoint` means a fatal SharePoint call itself landed and only its
 * answer was lost; `after-any` means any fatal call landed, a Teams send included (Teams kept the card
 * but the service never heard back: the delivery check, src/review/delivery-check.ts, finds it).
 */
import type { ReviewDeps } from '../../src/review/context';

export class ProcessKilled extends Error {
  constructor(step: number) {
    super(`The review service was killed at step ${step} (simulated).`);
    this.name = 'ProcessKilled';
  }
}

/**
 * `after-any`: the fatal call landed wherever it went, a Teams send included. `counting: 'review-cards'`
 * counts only the sends of review cards to Teams, to aim at one particular card; `'intros'` only intros.
 */
export type KillPlan = {
  atStep: number;
  when: 'before' | 'after-sharepoint' | 'after-any';
  counting?: 'all' | 'review-cards' | 'intros';
};

const isReviewCardSend = (prop: string | symbol, args: unknown[]): boolean =>
  prop === 'send' && /^Review /.test((args[1] as { summary?: string } | undefined)?.summary ?? '');

const isIntroSend = (prop: string | symbol, args: unknown[]): boolean =>
  prop === 'send' &&
  / risk review: \d+ to review$/.test((args[1] as { summary?: string } | undefined)?.summary ?? '');

export type KillSwitch = {
  wrap(deps: ReviewDeps): ReviewDeps;
  readonly killed: boolean;
  readonly steps: number;
};

export function killSwitch(plan: KillPlan): KillSwitch {
  let steps = 0;
  let dead = false;
  const wrapObject = <T extends object>(target: T, side: 'sharepoint' | 'teams'): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (dead) throw new ProcessKilled(plan.atStep);
          const counted =
            plan.counting === 'review-cards'
              ? t === teams && isReviewCardSend(prop, args)
              : plan.counting === 'intros'
                ? t === teams && isIntroSend(prop, args)
                : true;
          if (counted) steps++;
          if (counted && steps === plan.atStep) {
            dead = true;
            if (plan.when === 'after-any' || (plan.when === 'after-sharepoint' && side === 'sharepoint'))
              await (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
            throw new ProcessKilled(plan.atStep);
          }
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
          // Died while this call was in flight: its answer is never seen.
          if (dead) throw new ProcessKilled(plan.atStep);
          return result;
        };
      },
    });
  let teams: object | undefined;
  return {
    wrap: (deps) => ({
      ...deps,
      store: wrapObject(deps.store, 'sharepoint'),
      requests: wrapObject(deps.requests, 'sharepoint'),
      teams: wrapObject((teams = deps.teams), 'teams'),
      ...(deps.deliveryCheck ? { deliveryCheck: wrapObject(deps.deliveryCheck, 'teams') } : {}),
    }),
    get killed() {
      return dead;
    },
    get steps() {
      return steps;
    },
  };
}
