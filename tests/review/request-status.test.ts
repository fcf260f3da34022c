/**
 * The review request's life as one table (src/ports/request-status.ts): every status and event, the
 * moves the flow makes, the ones it refuses, and that every status is reachable from `pending`.
 */
import {
  canRecord,
  nextRequestStatus,
  REQUEST_EVENTS,
  REQUEST_TRANSITIONS,
  RequestTransitionError,
} from '../../src/ports/request-status';
import type { ReviewRequestStatus } from '../../src/ports';

const STATUSES = Object.keys(REQUEST_TRANSITIONS) as ReviewRequestStatus[];

describe('review request status transitions', () => {
  it('covers every status the list stores', () => {
    expect(STATUSES.sort()).toEqual(
      ['answered', 'closed', 'escalated', 'pending', 'reminded', 'sent', 'unreachable'].sort(),
    );
  });

  it('walks the usual life: sent, reminded, escalated, answered', () => {
    let s: ReviewRequestStatus = 'pending';
    const seen: ReviewRequestStatus[] = [s];
    for (const e of ['delivered', 'reminder', 'escalate', 'answered'] as const) {
      s = nextRequestStatus(s, e);
      seen.push(s);
    }
    expect(seen).toEqual(['pending', 'sent', 'reminded', 'escalated', 'answered']);
  });

  it('keeps an escalated request escalated when a resend fails, so the digest does not repeat', () => {
    expect(nextRequestStatus('escalated', 'unreachable')).toBe('escalated');
    expect(nextRequestStatus('sent', 'unreachable')).toBe('unreachable');
    expect(nextRequestStatus('escalated', 'delivered')).toBe('sent');
  });

  it('refuses the moves the flow never makes, naming the status and the event', () => {
    expect(() => nextRequestStatus('answered', 'reminder')).toThrow(RequestTransitionError);
    expect(() => nextRequestStatus('answered', 'delivered')).toThrow(
      "A review request that is answered cannot be moved by 'delivered'.",
    );
    expect(() => nextRequestStatus('pending', 'reminder')).toThrow(/pending/);
    expect(() => nextRequestStatus('closed', 'escalate')).toThrow(/closed/);
    expect(canRecord('unreachable', 'reminder')).toBe(false);
  });

  it('every event either moves to a known status or is refused, and answers are always recorded', () => {
    for (const s of STATUSES) {
      for (const e of REQUEST_EVENTS) {
        if (canRecord(s, e)) expect(STATUSES).toContain(nextRequestStatus(s, e));
        else expect(() => nextRequestStatus(s, e)).toThrow(RequestTransitionError);
      }
      expect(nextRequestStatus(s, 'answered')).toBe('answered');
    }
  });

  it('every status is reachable from pending', () => {
    const reached = new Set<ReviewRequestStatus>(['pending']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of [...reached])
        for (const next of Object.values(REQUEST_TRANSITIONS[s]))
          if (next && !reached.has(next)) {
            reached.add(next);
            grew = true;
          }
    }
    expect([...reached].sort()).toEqual([...STATUSES].sort());
  });
});
