/**
 * What the card tests share: a signed card action for risk 7 in 2026/27 Q3, and that risk as stored
 * (id, ETag and modified time as the repository returns them).
 */
import { newRisk } from '../../src/domain';
import { createCardSigner } from '../../src/review/card-signing';

/** A card action signed with `secret` for risk 7 at version "5" in 2026/27 Q3. */
export function signedAction(secret: string) {
  return createCardSigner(secret).sign({
    riskId: 7,
    periodId: '2026/27-Q3',
    riskVersion: '"5"',
    issuedAt: '2026-10-05T09:00:00.000Z',
  });
}

/** A risk as the repository returns it: id 7, ETag "5". */
export const stored = (fields: Parameters<typeof newRisk>[0]) => ({
  ...newRisk(fields),
  id: 7,
  etag: '"5"',
  modified: '2026-10-01T00:00:00Z',
});
