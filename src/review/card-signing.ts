/**
 * Card data is echoed back by Teams on every Action.Execute, so anyone who can post an invoke can
 * change it. The fields that decide what gets written (risk, period, version, when the card was
 * issued) are signed with an HMAC held only by the service; a changed field fails the check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a review card's actions carry back to the service. */
export type CardActionData = {
  riskId: number;
  periodId: string;
  /** The risk's ETag when the card was made: the version the owner answered against. */
  riskVersion: string;
  /** ISO timestamp the card was issued: a card older than the latest answer is stale. */
  issuedAt: string;
  sig: string;
};

export type UnsignedActionData = Omit<CardActionData, 'sig'>;

/** Signs and checks card data with one secret. */
export type CardSigner = {
  sign(data: UnsignedActionData): CardActionData;
  /** The data when it is well formed and its signature matches; undefined when forged or damaged. */
  verify(data: unknown): CardActionData | undefined;
};

function canonical(d: UnsignedActionData): string {
  return JSON.stringify([d.riskId, d.periodId, d.riskVersion, d.issuedAt]);
}

/**
 * Creates the signer. The secret must be at least 32 characters: it is what stops a forged answer,
 * so a short or default one is refused at start-up rather than discovered later.
 */
export function createCardSigner(secret: string): CardSigner {
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new Error(
      'The card signing secret (REVIEW_CARD_SECRET) must be at least 32 characters. ' +
        'Generate one with `openssl rand -hex 32` and set it in the review service environment.',
    );
  }
  const mac = (d: UnsignedActionData): string =>
    createHmac('sha256', secret).update(canonical(d)).digest('base64url');
  return {
    sign: (d) => ({
      riskId: d.riskId,
      periodId: d.periodId,
      riskVersion: d.riskVersion,
      issuedAt: d.issuedAt,
      sig: mac(d),
    }),
    verify: (raw) => {
      if (typeof raw !== 'object' || raw === null) return undefined;
      const r = raw as Record<string, unknown>;
      const riskId = typeof r.riskId === 'string' && /^\d+$/.test(r.riskId) ? Number(r.riskId) : r.riskId;
      if (
        typeof riskId !== 'number' ||
        !Number.isInteger(riskId) ||
        typeof r.periodId !== 'string' ||
        typeof r.riskVersion !== 'string' ||
        typeof r.issuedAt !== 'string' ||
        typeof r.sig !== 'string'
      ) {
        return undefined;
      }
      const d: UnsignedActionData = {
        riskId,
        periodId: r.periodId,
        riskVersion: r.riskVersion,
        issuedAt: r.issuedAt,
      };
      const expected = Buffer.from(mac(d));
      const given = Buffer.from(r.sig);
      return expected.length === given.length && timingSafeEqual(expected, given)
        ? { ...d, sig: r.sig }
        : undefined;
    },
  };
}
