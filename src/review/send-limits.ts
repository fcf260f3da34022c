/** The sender's timings and its report (src/review/sender.ts). */

/** A claimed send not confirmed within 10 minutes is presumed lost with its instance. */
export const DEFAULT_CLAIM_LEASE_MS = 10 * 60 * 1000;

/**
 * Claims after which a take-over sends even though the delivery check could not tell (Graph
 * throttled or down on each walk): the first claim died, the next two waited for the check.
 */
export const MAX_CLAIMS_BEFORE_BLIND_RESEND = 3;

/** How long Teams is given to show a card in the chat before the settle pass looks for it. */
export const SETTLE_MS = 60_000;

export type SendReport = {
  sent: { key: string; activityId: string }[];
  unreachable: { key: string; owner: string; reason: string }[];
  failed: { key: string; error: string }[];
  /** Claimed by another instance (or answered meanwhile): left alone. */
  skipped: string[];
};
