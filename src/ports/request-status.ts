/**
 * The life of a review request as data: which events the review flow records and which status each
 * moves a request to. One table, one pure function; the sender, the chaser and the answer writer ask
 * it for the status they write, and the table is what the README and the tests read.
 *
 *   pending ──delivered──▶ sent ──reminder──▶ reminded ──escalate──▶ escalated
 *      │                    │                    │                      │
 *      └──unreachable──▶ unreachable ──escalate──┴──────────────────────┘
 *   any open status ──answered──▶ answered        any open status ──close──▶ closed
 */
import type { ReviewRequestStatus } from './index';

/** What happened to a request. */
export type RequestEvent =
  /** Teams accepted the card (first send, a resend after an outage, or a resend in a replaced chat). */
  | 'delivered'
  /** The card could not be delivered (no chat, the app not installed, the person gone). */
  | 'unreachable'
  /** The reminder card was posted under the original. */
  | 'reminder'
  /** The managers' digest named the request. */
  | 'escalate'
  /** An owner's answer (card or tab) was recorded for the risk and period. */
  | 'answered'
  /** The period closed without an answer, or the risk closed. */
  | 'close';

export const REQUEST_EVENTS = [
  'delivered',
  'unreachable',
  'reminder',
  'escalate',
  'answered',
  'close',
] as const satisfies readonly RequestEvent[];

/**
 * status → event → next status. A missing entry is a transition the flow never makes. `escalated`
 * stays `escalated` when a resend fails, so the managers' digest does not repeat every walk; an answer
 * is final except that a later answer for the period (an edit) is still an answer.
 */
export const REQUEST_TRANSITIONS: Readonly<
  Record<ReviewRequestStatus, Readonly<Partial<Record<RequestEvent, ReviewRequestStatus>>>>
> = {
  pending: { delivered: 'sent', unreachable: 'unreachable', answered: 'answered', close: 'closed' },
  sent: {
    delivered: 'sent',
    unreachable: 'unreachable',
    reminder: 'reminded',
    escalate: 'escalated',
    answered: 'answered',
    close: 'closed',
  },
  reminded: {
    delivered: 'sent',
    unreachable: 'unreachable',
    reminder: 'reminded',
    escalate: 'escalated',
    answered: 'answered',
    close: 'closed',
  },
  escalated: {
    delivered: 'sent',
    unreachable: 'escalated',
    escalate: 'escalated',
    answered: 'answered',
    close: 'closed',
  },
  unreachable: {
    delivered: 'sent',
    unreachable: 'unreachable',
    escalate: 'escalated',
    answered: 'answered',
    close: 'closed',
  },
  answered: { answered: 'answered' },
  closed: { answered: 'answered' },
};

export class RequestTransitionError extends Error {
  constructor(
    readonly status: ReviewRequestStatus,
    readonly event: RequestEvent,
  ) {
    super(`A review request that is ${status} cannot be moved by '${event}'.`);
    this.name = 'RequestTransitionError';
  }
}

/** The status a request moves to on `event`; throws RequestTransitionError for a move the flow never makes. */
export function nextRequestStatus(status: ReviewRequestStatus, event: RequestEvent): ReviewRequestStatus {
  const next = REQUEST_TRANSITIONS[status][event];
  if (next === undefined) throw new RequestTransitionError(status, event);
  return next;
}

/** True when `event` may be recorded on a request in `status`. */
export const canRecord = (status: ReviewRequestStatus, event: RequestEvent): boolean =>
  REQUEST_TRANSITIONS[status][event] !== undefined;
